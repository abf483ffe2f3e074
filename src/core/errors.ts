// The one error type of labops: a code (MLflow's error codes, so REST backends map 1:1) and a cause.

/** MLflow's error codes; each maps to the HTTP status MLflow's server answers with. */
export const ERROR_CODE_HTTP_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 500,
  RESOURCE_DOES_NOT_EXIST: 404,
  PERMISSION_DENIED: 403,
  INTERNAL_ERROR: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
} as const;

export type ErrorCode = keyof typeof ERROR_CODE_HTTP_STATUS;

export interface LabopsErrorOptions {
  cause?: unknown;
  /** 1-based column of the mistake, for errors in an expression (filters, order-by). */
  column?: number;
}

export class LabopsError extends Error {
  override readonly name: string = "LabopsError";
  readonly code: ErrorCode;
  readonly column: number | undefined;

  constructor(code: ErrorCode, message: string, options: LabopsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.column = options.column;
  }

  /** The HTTP status MLflow's server would answer this error with. */
  get httpStatus(): number {
    return ERROR_CODE_HTTP_STATUS[this.code];
  }
}

export const invalidParameter = (message: string, options?: LabopsErrorOptions): LabopsError =>
  new LabopsError("INVALID_PARAMETER_VALUE", message, options);

export const notFound = (message: string): LabopsError => new LabopsError("RESOURCE_DOES_NOT_EXIST", message);

export const alreadyExists = (message: string): LabopsError => new LabopsError("RESOURCE_ALREADY_EXISTS", message);

export const isLabopsError = (e: unknown, code?: ErrorCode): e is LabopsError =>
  e instanceof LabopsError && (code === undefined || e.code === code);
