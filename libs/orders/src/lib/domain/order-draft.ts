import {
  checkUnknownFields,
  describeValue,
  err,
  isRecord,
  ok,
  type Result,
  type ValidationIssue,
} from '@outflow/core-domain';
import type { OrderLine } from '../order-state';
import { OrderValidationError } from '../errors';
import { checkBoundedInteger, checkText, ORDER_LIMITS } from './order-limits';

/** What a new order is made of: the caller's input, before the aggregate adds status and times. */
export interface OrderDraft {
  /** Absent when the service should choose the id. */
  readonly orderId?: string;
  readonly customerId: string;
  readonly currency: string;
  readonly items: readonly OrderLine[];
}

/** Order ids appear in URL paths and keys: no slashes, spaces or `#`. */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const CURRENCY = /^[A-Z]{3}$/;
const DRAFT_FIELDS = ['orderId', 'customerId', 'currency', 'items'];
const LINE_FIELDS = ['sku', 'quantity', 'unitPriceCents'];

const ID_HINT = 'must start with a letter or digit and hold only letters, digits, ".", "_", ":" or "-"';

/** Checks an order id: at most ORDER_LIMITS.id characters of ORDER_ID_PATTERN. */
export const checkOrderId = (value: unknown, path: string, issues: ValidationIssue[]): void =>
  checkText(value, path, issues, ORDER_LIMITS.id, { pattern: ORDER_ID, patternHint: ID_HINT });

/**
 * An order id by the one id rule (at most 100 characters, starting with a letter or digit, then
 * letters, digits, `.`, `_`, `:` or `-`): the id, or the issue saying which part of the rule it breaks
 * (`must start with a letter or digit and hold only …, got "a b"`), for callers outside a command
 * (`outflow show order <id>`).
 */
export function parseOrderId(value: unknown, path = 'orderId'): Result<string, ValidationIssue> {
  const issues: ValidationIssue[] = [];
  checkOrderId(value, path, issues);
  return issues[0] ? err(issues[0]) : ok(value as string);
}

const AMOUNT = `cents, at most ${ORDER_LIMITS.amountCents}: DECIMAL(12,2) in the legacy database`;

function checkLine(line: Record<string, unknown>, at: string, issues: ValidationIssue[]): void {
  const before = issues.length;
  checkText(line['sku'], `${at}.sku`, issues, ORDER_LIMITS.sku);
  checkBoundedInteger(line['quantity'], `${at}.quantity`, issues, ORDER_LIMITS.quantity, 'a quantity');
  checkBoundedInteger(
    line['unitPriceCents'],
    `${at}.unitPriceCents`,
    issues,
    ORDER_LIMITS.amountCents,
    `a unit price in ${AMOUNT}`,
  );
  checkUnknownFields(line, LINE_FIELDS, `${at}.`, issues);
  const { quantity, unitPriceCents } = line;
  if (issues.length === before) {
    const lineTotal = (quantity as number) * (unitPriceCents as number);
    if (lineTotal > ORDER_LIMITS.amountCents)
      issues.push({
        path: at,
        message: `the line total quantity × unitPriceCents must be at most ${ORDER_LIMITS.amountCents} cents (DECIMAL(12,2)), got ${lineTotal}`,
      });
  }
}

function checkItems(value: unknown, issues: ValidationIssue[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({
      path: 'items',
      message: `expected at least one item, got ${Array.isArray(value) ? 'none' : describeValue(value)}`,
    });
    return;
  }
  if (value.length > ORDER_LIMITS.items) {
    issues.push({
      path: 'items',
      message: `must hold at most ${ORDER_LIMITS.items} items, got ${value.length}`,
    });
  }
  value.forEach((line: unknown, index) => {
    const at = `items[${index}]`;
    if (!isRecord(line)) {
      issues.push({
        path: at,
        message: `expected an object with sku, quantity and unitPriceCents, got ${describeValue(line)}`,
      });
      return;
    }
    checkLine(line, at, issues);
  });
}

/** Sum of quantity × unitPriceCents over the items. */
export const totalCentsOf = (items: readonly OrderLine[]): number =>
  items.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);

/**
 * Validates unknown input as an order draft and reports every bad field by its path
 * (`customerId`, `items[0].quantity`, …). `orderIdOptional` lets a command leave the id to the service.
 */
export function parseOrderDraft(
  input: unknown,
  options: { orderIdOptional: boolean },
): Result<OrderDraft, OrderValidationError> {
  if (!isRecord(input)) {
    return err(
      new OrderValidationError('order', [
        { path: '(body)', message: `expected a JSON object, got ${describeValue(input)}` },
      ]),
    );
  }
  const issues: ValidationIssue[] = [];
  if (input['orderId'] !== undefined || !options.orderIdOptional)
    checkOrderId(input['orderId'], 'orderId', issues);
  checkText(input['customerId'], 'customerId', issues, ORDER_LIMITS.customerId);
  if (typeof input['currency'] !== 'string' || !CURRENCY.test(input['currency'])) {
    issues.push({
      path: 'currency',
      message: `expected an ISO 4217 code (3 upper-case letters, e.g. "EUR"), got ${describeValue(input['currency'])}`,
    });
  }
  checkItems(input['items'], issues);
  checkUnknownFields(input, DRAFT_FIELDS, '', issues);
  const total = issues.length === 0 ? totalCentsOf(input['items'] as OrderLine[]) : 0;
  if (total > ORDER_LIMITS.amountCents) {
    issues.push({
      path: 'items',
      message: `the order total (sum of quantity × unitPriceCents) must be at most ${ORDER_LIMITS.amountCents} cents (DECIMAL(12,2)), got ${total}; split the order`,
    });
  }
  if (issues.length > 0) return err(new OrderValidationError('order', issues));

  const items = (input['items'] as OrderLine[]).map(({ sku, quantity, unitPriceCents }) => ({
    sku,
    quantity,
    unitPriceCents,
  }));
  return ok({
    ...(input['orderId'] !== undefined ? { orderId: input['orderId'] as string } : {}),
    customerId: input['customerId'] as string,
    currency: input['currency'] as string,
    items,
  });
}
