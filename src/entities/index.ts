// The entities every layer speaks: experiments, runs, metrics.
export * from "./experiment";
export * from "./lifecycle";
export * from "./metric";
export * from "./run";
