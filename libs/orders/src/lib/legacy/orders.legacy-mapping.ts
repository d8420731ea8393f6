import type { LegacyMapping, LegacyRow } from '@outflow/core-application';
import { err, ok, type ValidationIssue } from '@outflow/core-domain';
import { OrderValidationError } from '../errors';
import { parseOrderState } from '../domain/parse-order-state';
import { ORDER_AGGREGATE_TYPE, type OrderState } from '../order-state';
import { centsToDecimal, decimalToCents } from './cents';

/**
 * A timestamptz as read back: the projection reads it as UTC text (`…Z`, whatever the session's
 * TimeZone); a Date (an instant) is formatted in UTC. Text is never re-interpreted (a text without
 * a zone would be read in this process's zone): the parser refuses what is not a UTC instant.
 */
const instant = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/** The legacy rows of a valid order state. */
function rowsOf(aggregateId: string, state: OrderState) {
  const root: LegacyRow = {
    id: aggregateId,
    customer_id: state.customerId,
    status: state.status,
    currency: state.currency,
    total_amount: centsToDecimal(state.totalCents),
    created_at: state.createdAt,
    updated_at: state.updatedAt,
  };
  const items = state.items.map((item, index) => ({
    order_id: aggregateId,
    line_no: index + 1,
    sku: item.sku,
    quantity: item.quantity,
    unit_price: centsToDecimal(item.unitPriceCents),
    line_total: centsToDecimal(item.quantity * item.unitPriceCents),
  }));
  return { root, children: { order_items: items } };
}

/**
 * Orders → the legacy `orders` and `order_items` tables (prisma/schema.prisma; amounts as
 * DECIMAL(12,2) in currency units, timestamps as timestamptz). `toRows` accepts exactly the
 * states the Order aggregate can write: it validates with `parseOrderState`, the one Order
 * parser, and fails with an `OrderValidationError` naming each bad field (e.g.
 * `items[0].unitPriceCents`, `createdAt`). `fromRows` reads rows back into an `OrderState`
 * (validated the same way; throws `OrderValidationError` for rows no order could have written).
 */
export const ordersLegacyMapping: LegacyMapping = {
  aggregateType: ORDER_AGGREGATE_TYPE,
  root: {
    name: 'orders',
    idColumn: 'id',
    key: ['id'],
    columns: {
      id: 'text',
      customer_id: 'text',
      status: 'text',
      currency: 'text',
      total_amount: 'numeric',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
  },
  children: [
    {
      name: 'order_items',
      parentColumn: 'order_id',
      key: ['order_id', 'line_no'],
      columns: {
        order_id: 'text',
        line_no: 'integer',
        sku: 'text',
        quantity: 'integer',
        unit_price: 'numeric',
        line_total: 'numeric',
      },
    },
  ],

  toRows(aggregateId, raw) {
    const parsed = parseOrderState(raw);
    const issues: ValidationIssue[] = parsed.ok ? [] : [...parsed.error.issues];
    if (parsed.ok && parsed.value.orderId !== aggregateId)
      issues.push({ path: 'orderId', message: `must equal the aggregate id ${JSON.stringify(aggregateId)}` });
    if (!parsed.ok || issues.length > 0)
      return err(new OrderValidationError(`order ${aggregateId} state`, issues));
    return ok(rowsOf(aggregateId, parsed.value));
  },

  fromRows(root, children) {
    const lines = [...(children['order_items'] ?? [])].sort(
      (a, b) => Number(a['line_no']) - Number(b['line_no']),
    );
    const parsed = parseOrderState({
      orderId: String(root['id']),
      customerId: String(root['customer_id']),
      status: String(root['status']),
      currency: String(root['currency']).trim(),
      items: lines.map((line) => ({
        sku: String(line['sku']),
        quantity: Number(line['quantity']),
        unitPriceCents: decimalToCents(line['unit_price']),
      })),
      totalCents: decimalToCents(root['total_amount']),
      createdAt: instant(root['created_at']),
      updatedAt: instant(root['updated_at']),
    });
    if (!parsed.ok) throw parsed.error;
    return parsed.value as unknown as Record<string, unknown>;
  },
};
