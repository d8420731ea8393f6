import { describeValue, err, isRecord, ok, type Result, type ValidationIssue } from '@outflow/core-domain';
import type { OrderState, OrderStatus } from '../order-state';
import { parseOrderDraft, totalCentsOf } from './order-draft';
import { OrderValidationError } from '../errors';

const STATUSES: readonly OrderStatus[] = ['created', 'confirmed', 'shipped', 'cancelled'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Reads an order state back (from a store or an event) and checks it is one this version of the
 * aggregate could have written, so a corrupt or foreign item fails loudly instead of spreading.
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
  ] as const) {
    if (typeof value !== 'string' || !ISO_INSTANT.test(value))
      issues.push({ path, message: `expected an ISO-8601 UTC instant, got ${describeValue(value)}` });
  }
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
