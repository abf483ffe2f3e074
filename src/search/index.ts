// MLflow's search language over any entity: filters, order_by, LIKE patterns and page tokens.
export {
  clauseHolds,
  ownEntry,
  type AttributeField,
  type AttributeType,
  type Comparator,
  type EntityKind,
  type FilterClause,
  type SearchValue,
} from "./filter-clause";
export { parseFilter, resolveIdentifier, type SearchSchema, type SearchTarget } from "./filter-parser";
export { compareIds, compareScalars, compareSortValues, parseOrderBy, type OrderClause } from "./order-by";
export { compareCodePoints } from "./string-order";
export { likeToRegExp, matchesLike } from "./like-pattern";
export { decodePageToken, encodePageToken, paginate, type PageSlice } from "./page-token";
