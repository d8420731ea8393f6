import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** How a TransactWriteItems failed, for the applier: what to do next. */
export type WriteFailure =
  /** The ledger's condition failed: another applier moved the version; read again. */
  | { readonly kind: 'moved' }
  /** TransactionConflict or throttling: back off and retry. */
  | { readonly kind: 'busy'; readonly reason: string }
  /** DynamoDB refused the data (ValidationError, item too large): the change fails. */
  | { readonly kind: 'refused'; readonly reason: string };

const BUSY_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);
const BUSY_ERRORS = new Set([
  'TransactionConflictException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'InternalServerError',
]);

/**
 * Classifies a TransactWriteItems error by its cancellation reasons (one per action, in order;
 * codes from the API reference of TransactWriteItems: `ConditionalCheckFailed`,
 * `TransactionConflict`, `ThrottlingError`, `ProvisionedThroughputExceeded`, `ValidationError`, …).
 * Returns `undefined` for an error that is not about this change (network, credentials): rethrow.
 */
export function classifyWriteFailure(error: unknown): WriteFailure | undefined {
  if (
    error instanceof TransactionCanceledException ||
    (error as Error)?.name === 'TransactionCanceledException'
  ) {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    const codes = reasons.map((r) => r.Code ?? 'None');
    if (codes[0] === 'ConditionalCheckFailed') return { kind: 'moved' };
    const busy = codes.find((c) => BUSY_CODES.has(c));
    if (busy) return { kind: 'busy', reason: busy };
    const refused = reasons.find((r) => r.Code && r.Code !== 'None');
    return {
      kind: 'refused',
      reason: `DynamoDB cancelled the transaction: ${refused?.Code}: ${refused?.Message ?? ''}`.trim(),
    };
  }
  const name = (error as Error)?.name;
  if (BUSY_ERRORS.has(name)) return { kind: 'busy', reason: name };
  if (name === 'ValidationException')
    return { kind: 'refused', reason: `DynamoDB refused the change: ${(error as Error).message}` };
  return undefined;
}
