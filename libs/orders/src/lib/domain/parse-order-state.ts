import { describeValue, err, isRecord, ok, type Result, type ValidationIssue } from '@outflow/core-domain';
import type { OrderState, OrderStatus } from '../order-state';
import { parseOrderDraft, totalCentsOf } from './order-draft';
import { OrderValidationError } from '../errors';
import { checkInstant } from './order-limits';

const STATUSES: readonly OrderStatus[] = ['created', 'confirmed', 'shipped', 'cancelled'];

/**
 * Reads an order state back (from a store or an event) and checks it is one this version of the
 * aggregate could have written, so a corrupt or foreign item fails loudly instead of spreading.
 * Every field is held to ORDER_LIMITS (the same limits the API and the aggregate apply), and
 * `createdAt`/`updatedAt` must be UTC instants with a zone (`…Z`) and at most milliseconds.
 */
export function parseOrderState(input: unknown): Result<OrderState, OrderValidationError> {
  const { status, totalCents, createdAt, updatedAt, ...rest } = isRecord(input) ? input : {};
  const draft = parseOrderDraft(rest, { orderIdOptional: false });
  const issues: ValidationIssue[] = draft.ok ? [] : [...draft.error.issues];
  if (!STATUSES.includes(status as OrderStatus)) {
    issues.push({
      path: 'status',
      message: `expected one of ${STATUSES.join(', ')}, got ${describeValue(status)}`,
    });
  }
  for (const [path, value] of [
    ['createdAt', createdAt],
    ['updatedAt', updatedAt],
  ] as const)
    checkInstant(value, path, issues);
  if (draft.ok && totalCents !== totalCentsOf(draft.value.items)) {
    issues.push({
      path: 'totalCents',
      message: `expected ${totalCentsOf(draft.value.items)} (the sum of the items), got ${describeValue(totalCents)}`,
    });
  }
  if (!draft.ok || issues.length > 0) return err(new OrderValidationError('stored order', issues));
  return ok({
    orderId: draft.value.orderId as string,
    customerId: draft.value.customerId,
    status: status as OrderStatus,
    currency: draft.value.currency,
    items: draft.value.items,
    totalCents: totalCents as number,
    createdAt: createdAt as string,
    updatedAt: updatedAt as string,
  });
}
