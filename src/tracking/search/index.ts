// MLflow's search language for runs and experiments: filters, order_by, and page tokens.
export type { AttributeType, Comparator, EntityKind, FilterClause, SearchValue } from "../../search/filter-clause";
export { parseExperimentFilter, parseFilter, parseRunFilter, type SearchSchema } from "./filter-parser";
export { clauseHolds } from "../../search/filter-clause";
export { likeToRegExp, matchesLike } from "../../search/like-pattern";
export { runMatchesFilter } from "./run-matcher";
export { experimentMatchesFilter } from "./experiment-matcher";
export {
  compareExperimentsForOrder,
  compareRunsForOrder,
  parseExperimentOrderBy,
  parseRunOrderBy,
  type OrderClause,
} from "./order-by";
export { decodePageToken, encodePageToken, paginate, type PageSlice } from "../../search/page-token";
