// One page of a search result, with MLflow's opaque token for the next page.

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
}
