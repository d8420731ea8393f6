import { err, ok, ValidationError, type ValidationIssue } from '@outflow/core-domain';
import { ORDER_AGGREGATE_TYPE, type OrderState } from '@outflow/orders';
import { centsToDecimal, decimalToCents } from './cents';
import type { LegacyMapping, LegacyRow } from './legacy-mapping';

const STATUSES = new Set(['created', 'confirmed', 'shipped', 'cancelled']);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function validate(aggregateId: string, state: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const need = (ok: boolean, path: string, message: string) => ok || issues.push({ path, message });
  need(
    state['orderId'] === aggregateId,
    'state.orderId',
    `must equal the aggregate id ${JSON.stringify(aggregateId)}`,
  );
  need(isText(state['customerId']), 'state.customerId', 'expected a non-empty string');
  need(
    STATUSES.has(state['status'] as string),
    'state.status',
    `expected one of ${[...STATUSES].join(', ')}`,
  );
  need(isText(state['currency']), 'state.currency', 'expected an ISO 4217 code');
  need(isInt(state['totalCents']), 'state.totalCents', 'expected an integer amount in cents');
  need(isInstant(state['createdAt']), 'state.createdAt', 'expected an ISO-8601 instant');
  need(isInstant(state['updatedAt']), 'state.updatedAt', 'expected an ISO-8601 instant');
  const items = state['items'];
  if (!Array.isArray(items)) {
    issues.push({ path: 'state.items', message: 'expected an array of order lines' });
    return issues;
  }
  items.forEach((item: Record<string, unknown> | null, i) => {
    need(isText(item?.['sku']), `state.items[${i}].sku`, 'expected a non-empty string');
    need(
      isInt(item?.['quantity']) && (item?.['quantity'] as number) > 0,
      `state.items[${i}].quantity`,
      'expected an integer ≥ 1',
    );
    need(
      isInt(item?.['unitPriceCents']) && (item?.['unitPriceCents'] as number) >= 0,
      `state.items[${i}].unitPriceCents`,
      'expected an integer ≥ 0',
    );
  });
  return issues;
}

/** Orders → the legacy `orders` and `order_items` tables (amounts as DECIMAL(12,2)). */
export const ordersMapping: LegacyMapping = {
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
    const issues = validate(aggregateId, raw);
    if (issues.length > 0) return err(new ValidationError(`order ${aggregateId} state`, issues));
    const state = raw as unknown as OrderState;
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
    return ok({ root, children: { order_items: items } });
  },

  fromRows(root, children) {
    const lines = [...(children['order_items'] ?? [])].sort(
      (a, b) => Number(a['line_no']) - Number(b['line_no']),
    );
    const state: OrderState = {
      orderId: String(root['id']),
      customerId: String(root['customer_id']),
      status: String(root['status']) as OrderState['status'],
      currency: String(root['currency']).trim(),
      items: lines.map((line) => ({
        sku: String(line['sku']),
        quantity: Number(line['quantity']),
        unitPriceCents: decimalToCents(line['unit_price']),
      })),
      totalCents: decimalToCents(root['total_amount']),
      createdAt: new Date(root['created_at'] as string | Date).toISOString(),
      updatedAt: new Date(root['updated_at'] as string | Date).toISOString(),
    };
    return state as unknown as Record<string, unknown>;
  },
};
