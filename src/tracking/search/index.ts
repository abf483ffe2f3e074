// MLflow's search language for runs and experiments: filters, order_by, and page tokens.
export type { AttributeType, Comparator, EntityKind, FilterClause, SearchValue } from "./filter-clause";
export { parseExperimentFilter, parseFilter, parseRunFilter, type SearchSchema } from "./filter-parser";
export { clauseHolds } from "./filter-clause";
export { likeToRegExp, matchesLike } from "./like-pattern";
export { runMatchesFilter } from "./run-matcher";
export { experimentMatchesFilter } from "./experiment-matcher";
export {
  compareExperimentsForOrder,
  compareRunsForOrder,
  parseExperimentOrderBy,
  parseRunOrderBy,
  type OrderClause,
} from "./order-by";
export { decodePageToken, encodePageToken, paginate, type PageSlice } from "./page-token";
