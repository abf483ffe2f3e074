// The declarative, JSON-able description of a feature pipeline: which columns, which transform, which options.

/** Numeric columns: impute, then clip to training quantiles, then log1p, then scale (each optional). */
export interface NumericStepSpec {
  type: "numeric";
  columns: string[];
  /** SimpleImputer's strategies; default none (missing values stay NaN). */
  impute?: "mean" | "median" | { constant: number };
  /** Clip to these training quantiles (numpy's linear method), e.g. [0.01, 0.99]. */
  clip?: [number, number];
  log1p?: boolean;
  /** StandardScaler (ddof 0), MinMaxScaler to [0, 1], RobustScaler (median, IQR 25-75); default none. */
  scale?: "standard" | "minmax" | "robust" | "none";
}

/** One 0/1 column per training category (sorted, missing last as `<col>_nan`), like OneHotEncoder. */
export interface OneHotStepSpec {
  type: "oneHot";
  columns: string[];
  /** Keep the `maxCategories - 1` most frequent categories and one `<col>_infrequent` column for the rest. */
  maxCategories?: number;
  /** Unseen categories: "infrequent" (the infrequent column when there is one, else all zeros; default), "ignore" (all zeros) or "error". */
  handleUnknown?: "infrequent" | "ignore" | "error";
}

/** The index of the category in the sorted training categories, like OrdinalEncoder; missing is NaN. */
export interface OrdinalStepSpec {
  type: "ordinal";
  columns: string[];
  /** The code of unseen categories; default -1 (OrdinalEncoder's handle_unknown="use_encoded_value"). */
  unknownValue?: number;
}

/** The category's share of the training rows; unseen categories get 0. */
export interface FrequencyStepSpec {
  type: "frequency";
  columns: string[];
}

/** The smoothed mean of the target per category, like TargetEncoder; cross-fitted on the training rows. */
export interface TargetStepSpec {
  type: "target";
  columns: string[];
  /** TargetEncoder.s `smooth`: "auto" (empirical Bayes, the default) or a fixed weight m: (sum + m * mean) / (count + m). */
  smooth?: "auto" | number;
  /** Folds for the out-of-fold encoding of the training rows (default 5). */
  cv?: number;
  /** Shuffle rows before making folds (default true, seeded by `seed`); false gives scikit-learn's folds exactly. */
  shuffle?: boolean;
  seed?: number;
}

export type DatePart = "year" | "month" | "day" | "dayOfWeek" | "dayOfYear" | "hour" | "minute";

/** Parts of a date (UTC); `cyclical` parts become a sin/cos pair instead of a number. */
export interface DatetimeStepSpec {
  type: "datetime";
  columns: string[];
  parts?: DatePart[];
  cyclical?: DatePart[];
}

/** Numeric or boolean columns copied as they are. */
export interface PassthroughStepSpec {
  type: "passthrough";
  columns: string[];
}

export type StepSpec = NumericStepSpec | OneHotStepSpec | OrdinalStepSpec | FrequencyStepSpec | TargetStepSpec | DatetimeStepSpec | PassthroughStepSpec;

export interface PipelineSpec {
  steps: StepSpec[];
}
