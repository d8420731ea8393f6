/**
 * The error bodies the emulator answers with, shaped as OpenSearch's own
 * (`{ error: { root_cause, type, reason, … }, status }`).
 * Source: https://docs.opensearch.org/latest/api-reference/ (common error response) and
 * OpenSearch `OpenSearchException#toXContent`.
 */

/** A JSON object as OpenSearch reads and returns it. */
export type Json = Record<string, unknown>;

/** An OpenSearch error: HTTP status, `error.type` and `error.reason` as OpenSearch words them. */
export class OpenSearchError extends Error {
  readonly code: string;

  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Json = {},
  ) {
    super(reason);
    this.name = 'OpenSearchError';
    this.code = type;
  }

  /** The `{ type, reason, … }` object OpenSearch nests in `error` (and in bulk items). */
  errorObject(): Json {
    return { type: this.type, reason: this.reason, ...this.extra };
  }

  /** The whole response body of a failed request. */
  toBody(): Json {
    return { error: { root_cause: [this.errorObject()], ...this.errorObject() }, status: this.status };
  }
}

/** 400 `illegal_argument_exception` with the given reason. */
export const illegalArgument = (reason: string): OpenSearchError =>
  new OpenSearchError(400, 'illegal_argument_exception', reason);

/** 400 `action_request_validation_exception` ("Validation Failed: 1: <reason>;"). */
export const validationFailed = (reason: string): OpenSearchError =>
  new OpenSearchError(400, 'action_request_validation_exception', `Validation Failed: 1: ${reason};`);

/** 404 `index_not_found_exception` for an index or alias name. */
export const indexNotFound = (name: string): OpenSearchError =>
  new OpenSearchError(404, 'index_not_found_exception', `no such index [${name}]`, {
    'resource.type': 'index_or_alias',
    'resource.id': name,
    index_uuid: '_na_',
    index: name,
  });

/**
 * 409 `version_conflict_engine_exception`, reason `[<id>]: version conflict, <explanation>` as
 * OpenSearch's `VersionConflictEngineException` words it.
 */
export const versionConflict = (
  index: string,
  uuid: string,
  id: string,
  explanation: string,
): OpenSearchError =>
  new OpenSearchError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, ${explanation}`, {
    index,
    shard: '0',
    index_uuid: uuid,
  });

/** The 400 every call outside the emulated subset answers. */
export const notSupported = (method: string, path: string): OpenSearchError =>
  illegalArgument(`${method} ${path} is not supported by the local emulator`);
