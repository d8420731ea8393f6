import {
  checkPositiveInteger,
  checkUnknownFields,
  describeValue,
  err,
  isRecord,
  ok,
  type Result,
  type ValidationIssue,
} from '@outflow/core-domain';
import { checkOrderId } from '../domain/order-draft';
import type { OrderFailure } from './order-result';

/** Which order a command or query addresses, and optionally the version the caller last saw. */
export interface OrderReference {
  readonly orderId: string;
  /** When present, the command fails with a conflict unless the order is at this version. */
  readonly expectedVersion?: number;
}

/** Validates `{ orderId, expectedVersion? }` from unknown input; issues name each bad field. */
export function parseOrderReference(
  input: unknown,
  options: { allowExpectedVersion: boolean },
): Result<OrderReference, Extract<OrderFailure, { kind: 'invalid' }>> {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) {
    issues.push({ path: '(body)', message: `expected a JSON object, got ${describeValue(input)}` });
  } else {
    checkOrderId(input['orderId'], 'orderId', issues);
    if (input['expectedVersion'] !== undefined)
      checkPositiveInteger(
        input['expectedVersion'],
        'expectedVersion',
        issues,
        "the order's version (an integer ≥ 1)",
      );
    checkUnknownFields(
      input,
      options.allowExpectedVersion ? ['orderId', 'expectedVersion'] : ['orderId'],
      '',
      issues,
    );
  }
  if (issues.length > 0) return err(invalid('order reference', issues));
  const record = input as Record<string, unknown>;
  return ok({
    orderId: record['orderId'] as string,
    ...(record['expectedVersion'] !== undefined
      ? { expectedVersion: record['expectedVersion'] as number }
      : {}),
  });
}

/** The 'invalid' failure for a list of issues. */
export const invalid = (
  subject: string,
  issues: readonly ValidationIssue[],
): Extract<OrderFailure, { kind: 'invalid' }> => ({
  kind: 'invalid',
  message: `${subject} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  issues,
});
