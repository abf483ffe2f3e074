// MLflow's search language for runs and experiments: filters, ordering, pages.
export type { Comparator, EntityKind, FilterClause } from "./filter-clause";
export { parseExperimentFilter, parseRunFilter } from "./filter-parser";
export { experimentMatchesFilter, runMatchesFilter } from "./entity-matcher";
export { likeToRegExp } from "./like-pattern";
export { compareExperimentsForOrder, compareRunsForOrder, parseExperimentOrderBy, parseRunOrderBy, type OrderClause } from "./order-by";
export { decodePageToken, encodePageToken, paginate } from "./page-token";
