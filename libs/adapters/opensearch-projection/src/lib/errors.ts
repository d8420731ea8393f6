import { OutflowError } from '@outflow/core-domain';

/**
 * OpenSearch could not be reached or failed the whole request (connection error, 429 or 5xx on
 * the request itself, after the bounded retries): every message of the batch is retried.
 */
export class OpenSearchUnavailableError extends OutflowError {
  readonly code = 'OPENSEARCH_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * OpenSearch Serverless (`service: 'aoss'`) is refused: no primary source we have says a
 * collection honours `version_type=external`, aliases and index templates, which the projection's
 * correctness rests on. Use an Amazon OpenSearch Service domain (`service: 'es'`).
 */
export class OpenSearchServerlessNotSupportedError extends OutflowError {
  readonly code = 'OPENSEARCH_SERVERLESS_NOT_SUPPORTED';

  constructor() {
    super(
      "OpenSearch Serverless (service 'aoss') is not supported: the projection needs version_type=external, " +
        "aliases and index templates, which no source we have says a collection honours; use an Amazon OpenSearch Service domain (service 'es')",
    );
  }
}

/** The projection's or the client factory's options are unusable; the message names the field. */
export class InvalidOpenSearchOptionsError extends OutflowError {
  readonly code = 'INVALID_OPENSEARCH_OPTIONS';

  constructor(message: string) {
    super(message);
  }
}

export const isOpenSearchUnavailableError = (error: unknown): error is OpenSearchUnavailableError =>
  error instanceof OpenSearchUnavailableError;
