/**
 * Every error the API can answer with: a stable code, its HTTP status and what it means.
 * Services throw `CairnError`s carrying one of these codes; the server maps them to HTTP in one place,
 * and the SDK and Python client raise the same code they received. `docs/errors.md` lists them; a test
 * keeps the two in step.
 */
export const errorCodes = {
  INVALID_INPUT: { status: 400, meaning: 'The request path, query or body does not match the schema.' },
  INVALID_NAME: { status: 400, meaning: 'A name (workspace, experiment, metric, tag, secret) breaks its naming rule.' },
  INVALID_FILTER: { status: 400, meaning: 'A run filter or order-by expression does not parse; the message points at the token.' },
  INVALID_JSON: { status: 400, meaning: 'The request body is not valid JSON.' },
  HASH_MISMATCH: { status: 400, meaning: 'Uploaded bytes do not hash to the SHA-256 they were sent under; they are not recorded for the workspace.' },
  SNAPSHOT_INCOMPLETE: { status: 400, meaning: 'A snapshot names blobs the workspace does not hold; details.missing lists them.' },
  SCRIPT_NOT_FOUND: { status: 400, meaning: "The run configuration's script is not a file of the run's snapshot." },
  BATCH_TOO_LARGE: { status: 413, meaning: 'A metric batch holds more points than one call may carry (10,000).' },
  LIMIT_EXCEEDED: { status: 422, meaning: 'A per-run limit (metric names, points, tags, properties) would be exceeded.' },
  UNAUTHENTICATED: { status: 401, meaning: 'No bearer token, or a token that is unknown, revoked or expired.' },
  CSRF_REJECTED: { status: 403, meaning: 'A state-changing request signed in by the studio session cookie lacks the X-Cairn-Studio header.' },
  FORBIDDEN: { status: 403, meaning: "The token's role does not allow this action in this workspace." },
  ROUTE_NOT_FOUND: { status: 404, meaning: 'No such API route.' },
  WORKSPACE_NOT_FOUND: { status: 404, meaning: 'No workspace with that name.' },
  EXPERIMENT_NOT_FOUND: { status: 404, meaning: 'No experiment with that name in the workspace.' },
  RUN_NOT_FOUND: { status: 404, meaning: 'No run with that id in the workspace.' },
  METRIC_NOT_FOUND: { status: 404, meaning: 'The run has no metric with that name.' },
  FILE_NOT_FOUND: { status: 404, meaning: 'The run has no file at that path.' },
  SECRET_NOT_FOUND: { status: 404, meaning: 'No secret with that name in the workspace vault.' },
  SNAPSHOT_NOT_FOUND: { status: 404, meaning: 'No snapshot with that id in the workspace.' },
  BLOB_NOT_FOUND: { status: 404, meaning: 'The workspace holds no content with that SHA-256.' },
  COMPUTE_TARGET_NOT_FOUND: { status: 404, meaning: 'No compute target with that name.' },
  TOKEN_NOT_FOUND: { status: 404, meaning: 'No token with that id.' },
  MODEL_NOT_FOUND: { status: 404, meaning: 'No model (or no such version or alias of it) in the workspace.' },
  MODEL_FILES_MISSING: { status: 400, meaning: 'A model registration names files that are not there: a run path with no files, or blobs not uploaded.' },
  ENDPOINT_NOT_FOUND: { status: 404, meaning: 'No endpoint with that name in the workspace.' },
  DEPLOYMENT_NOT_FOUND: { status: 404, meaning: 'The endpoint has no deployment with that name.' },
  ENTRY_SCRIPT_NOT_FOUND: { status: 400, meaning: "A deployment's entry script is not a file of its snapshot (source directory)." },
  INVALID_TRAFFIC: { status: 400, meaning: "Traffic weights are not whole percentages summing to 100, or name a deployment the endpoint lacks." },
  INVALID_SCALE_SETTINGS: { status: 400, meaning: "A deployment's scale settings contradict each other (min replicas above max)." },
  ENVIRONMENT_NOT_FOUND: { status: 404, meaning: 'No environment (or no such version of it) in the workspace.' },
  WORKSPACE_EXISTS: { status: 409, meaning: 'A workspace with that name already exists.' },
  WORKSPACE_NOT_EMPTY: { status: 409, meaning: 'The workspace still holds experiments; delete refuses unless forced.' },
  RUN_EXISTS: { status: 409, meaning: 'A run with that id already exists.' },
  PROPERTY_IMMUTABLE: { status: 409, meaning: 'A run property is write-once and already has a different value.' },
  INVALID_STATUS_TRANSITION: { status: 409, meaning: 'Runs only move forward; an ended run never changes status.' },
  RUN_ENDED: { status: 409, meaning: 'The run has ended and no longer accepts this change.' },
  FILE_EXISTS: { status: 409, meaning: 'A run file path is write-once and already holds different content.' },
  ENDPOINT_EXISTS: { status: 409, meaning: 'An endpoint with that name already exists in the workspace.' },
  DEPLOYMENT_IN_USE: { status: 409, meaning: 'A deployment still takes traffic; set its weight to 0 first.' },
  MODEL_IN_USE: { status: 409, meaning: 'A model version is served by an active deployment; details.endpoints names them.' },
  METRIC_KIND_MISMATCH: { status: 409, meaning: 'A metric was logged before with another kind or other columns.' },
  ENVIRONMENT_BUILD_FAILED: { status: 422, meaning: "An environment's virtualenv could not be built on the node; details carry pip's last lines." },
  COMPUTE_TARGET_EXISTS: { status: 409, meaning: 'A compute target with that name already exists.' },
  COMPUTE_TARGET_IN_USE: { status: 409, meaning: 'Runs are active or queued on the compute target; details.runs names them.' },
  COMPUTE_SETTINGS_INVALID: { status: 400, meaning: "A compute target's settings do not fit the cluster (unknown partition or account); the message lists the valid ones." },
  HOST_UNREACHABLE: { status: 502, meaning: "An SSH target's host could not be reached or refused the login with the target's key." },
  RUNNER_BUNDLE_NOT_FOUND: { status: 404, meaning: 'This server has no runner bundle of that version (it was upgraded after the job was submitted).' },
  SCHEDULER_UNREACHABLE: { status: 502, meaning: "A compute target's scheduler did not answer; details name the command and its stderr." },
  DATASTORE_NOT_FOUND: { status: 404, meaning: 'No datastore with that name in the workspace.' },
  DATASET_NOT_FOUND: { status: 404, meaning: 'No dataset (or no such version of it) in the workspace.' },
  DATASTORE_EXISTS: { status: 409, meaning: 'A datastore with that name already exists in the workspace.' },
  DATASTORE_IN_USE: { status: 409, meaning: 'A datastore is the default or is referenced by dataset versions; details.datasets names them.' },
  DATASET_IN_USE: { status: 409, meaning: 'A dataset version was read or written by runs; details.runs names them.' },
  NO_MATCHING_FILES: { status: 400, meaning: 'A dataset path or glob matches no file on the datastore.' },
  PATH_ESCAPES_DATASTORE: { status: 400, meaning: 'A dataset path or glob leaves the datastore root (absolute, or with .. segments).' },
  TABULAR_PARSE_ERROR: { status: 422, meaning: 'A delimited file does not parse; details name the file, row and column.' },
  STORAGE_ACCESS_DENIED: { status: 422, meaning: 'A datastore refused its credentials; details name the endpoint and the call.' },
  STORAGE_UNREACHABLE: { status: 502, meaning: 'A datastore endpoint could not be reached; details name the endpoint and the call.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the server accepts.' },
  INTERNAL: { status: 500, meaning: 'An unexpected server error; the server log has the details.' },
  VAULT_KEY_MISMATCH: { status: 500, meaning: 'A stored secret does not decrypt with the current master key: the key changed, or the stored value was altered.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof errorCodes;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An error with a stable code; thrown by services and raised again by clients. */
export class CairnError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CairnError';
    this.status = errorCodes[code].status;
  }

  /** The response body for this error. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

type CodeWithStatus<S extends number> = { [K in ErrorCode]: (typeof errorCodes)[K]['status'] extends S ? K : never }[ErrorCode];

/** Bad input from the caller (400/413/422). */
export class InputError extends CairnError {
  constructor(code: CodeWithStatus<400 | 413 | 422>, message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** The named thing does not exist (404). */
export class NotFoundError extends CairnError {
  constructor(code: CodeWithStatus<404>, message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** The request conflicts with the current state (409). */
export class ConflictError extends CairnError {
  constructor(code: CodeWithStatus<409>, message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** The caller is not who they must be (401) or may not do this (403). */
export class AuthError extends CairnError {
  constructor(code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** Whether a value looks like an error body sent by a Cairn server. */
export function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}
