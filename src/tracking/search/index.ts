// MLflow's search language for runs and experiments: filters, order_by, and page tokens.
export type { AttributeType, Comparator, EntityKind, FilterClause, SearchValue } from "../../search/filter-clause";
export { parseFilter, type SearchSchema } from "../../search/filter-parser";
export { parseExperimentFilter, parseExperimentOrderBy, parseRunFilter, parseRunOrderBy } from "./search-schemas";
export { clauseHolds } from "../../search/filter-clause";
export { likeToRegExp, matchesLike } from "../../search/like-pattern";
export { runMatchesFilter } from "./run-matcher";
export { experimentMatchesFilter } from "./experiment-matcher";
export { compareExperimentsForOrder, compareRunsForOrder } from "./entity-order";
export type { OrderClause } from "../../search/order-by";
export { decodePageToken, encodePageToken, paginate, type PageSlice } from "../../search/page-token";
