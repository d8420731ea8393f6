/**
 * Base class of every error Outflow throws on purpose. `code` is stable and machine-readable;
 * `cause` keeps the underlying (often vendor) error when one exists.
 */
export abstract class OutflowError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found while validating input: the dotted path of the field and what is wrong. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Input (an outbox event, a command, a record) does not have the required shape. */
export class ValidationError extends OutflowError {
  readonly code: string = 'VALIDATION_FAILED';

  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(`${subject} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, options);
  }
}

/** An outbox event failed validation; `issues` names each bad field. */
export class EventValidationError extends ValidationError {
  override readonly code = 'EVENT_INVALID';

  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super('outbox event', issues, options);
  }
}

/**
 * The stored aggregate is not at the version the writer expected: someone else committed first.
 * Nothing was written; reload and retry the command.
 */
export class ConcurrencyError extends OutflowError {
  readonly code = 'CONCURRENCY_CONFLICT';

  constructor(
    readonly aggregateType: string,
    readonly aggregateId: string,
    readonly expectedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${aggregateType} ${aggregateId} was changed concurrently: expected version ${expectedVersion} is no longer current`,
      options,
    );
  }
}

export const isConcurrencyError = (error: unknown): error is ConcurrencyError =>
  error instanceof ConcurrencyError;

/**
 * A payload is larger than an AWS limit on its path (`PAYLOAD_LIMITS` in aws-limits.ts): nothing
 * was written or sent. `bytes` is its size as AWS counts it, `limitBytes` the limit, `limit` names it.
 */
export class PayloadTooLargeError extends OutflowError {
  readonly code: string = 'PAYLOAD_TOO_LARGE';

  constructor(
    readonly subject: string,
    readonly bytes: number,
    readonly limitBytes: number,
    readonly limit: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject} is ${bytes} bytes; ${limit} allows at most ${limitBytes} bytes`, options);
  }
}

export const isPayloadTooLargeError = (error: unknown): error is PayloadTooLargeError =>
  error instanceof PayloadTooLargeError;
