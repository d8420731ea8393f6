import { parseExactJson } from '@outflow/core-domain';
import { ORDER_LIMITS } from './order-limits';
import { createOrder, type NewOrder } from './order';
import { parseOrderState } from './parse-order-state';

const at = new Date('2026-03-01T10:00:00.000Z');
const base: NewOrder = {
  orderId: 'o-1',
  customerId: 'c-1',
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 100 }],
};
const line = (quantity: number, unitPriceCents: number, sku = 'S') => ({ sku, quantity, unitPriceCents });
const issues = (input: Partial<NewOrder>) => {
  const result = createOrder({ ...base, ...input }, at);
  return result.ok ? [] : result.error.issues;
};
const paths = (input: Partial<NewOrder>) => issues(input).map((i) => i.path);

describe('Limits: ORDER_LIMITS (what every legacy column holds)', () => {
  describe('at the boundary the order is accepted; one past it the field is named', () => {
    it.each<[string, Partial<NewOrder>, Partial<NewOrder>, string]>([
      ['orderId (VARCHAR(100))', { orderId: 'o'.repeat(100) }, { orderId: 'o'.repeat(101) }, 'orderId'],
      [
        'customerId (VARCHAR(64))',
        { customerId: 'c'.repeat(64) },
        { customerId: 'c'.repeat(65) },
        'customerId',
      ],
      [
        'items[].sku (VARCHAR(64))',
        { items: [line(1, 1, 's'.repeat(64))] },
        { items: [line(1, 1, 's'.repeat(65))] },
        'items[0].sku',
      ],
      [
        'items[].quantity (INTEGER)',
        { items: [line(2_147_483_647, 1)] },
        { items: [line(2_147_483_648, 1)] },
        'items[0].quantity',
      ],
      [
        'items[].unitPriceCents (DECIMAL(12,2))',
        { items: [line(1, 999_999_999_999)] },
        { items: [line(1, 1_000_000_000_000)] },
        'items[0].unitPriceCents',
      ],
      [
        'a line total (DECIMAL(12,2))',
        { items: [line(3, 333_333_333_333)] },
        { items: [line(2, 500_000_000_000)] },
        'items[0]',
      ],
      [
        'the order total (DECIMAL(12,2))',
        { items: [line(1, 999_999_999_998), line(1, 1)] },
        { items: [line(1, 999_999_999_999), line(1, 1)] },
        'items',
      ],
      [
        'the number of items',
        { items: Array.from({ length: 100 }, () => line(1, 1)) },
        { items: Array.from({ length: 101 }, () => line(1, 1)) },
        'items',
      ],
    ])('%s', (_field, atLimit, pastLimit, path) => {
      expect(issues(atLimit)).toEqual([]);
      expect(paths(pastLimit)).toEqual([path]);
    });
  });

  it('refuses the inputs of the report: U+0000, 70 characters, 10^12 cents — naming each field', () => {
    expect(
      issues({ customerId: 'c\u0000', items: [line(1, 1_000_000_000_000)] }).map((i) => [i.path, i.message]),
    ).toEqual([
      ['customerId', 'must not hold control characters or lone surrogates (U+0000 at index 1)'],
      [
        'items[0].unitPriceCents',
        'must be at most 999999999999 (a unit price in cents, at most 999999999999: DECIMAL(12,2) in the legacy database), got 1000000000000',
      ],
    ]);
    expect(issues({ customerId: 'c'.repeat(70) })).toEqual([
      { path: 'customerId', message: 'must be at most 64 characters, got 70' },
    ]);
  });

  it.each([
    ['a tab', 'a\tb'],
    ['U+001F', 'a\u001fb'],
    ['DEL', 'a\u007fb'],
    ['a lone surrogate', 'a\ud800b'],
  ])('refuses %s in any text field', (_what, text) => {
    expect(paths({ customerId: text, items: [line(1, 1, text)] })).toEqual(['customerId', 'items[0].sku']);
  });

  it('accepts any other Unicode text (an emoji counts as two of the 64 code units)', () => {
    expect(issues({ customerId: 'ü€😀'.repeat(16) })).toEqual([]);
    expect(paths({ customerId: '😀'.repeat(33) })).toEqual(['customerId']);
  });

  it('quotes a huge quantity as the client wrote it (1e20 from the JSON body), naming the limit', () => {
    // Prepare: the body as the HTTP handlers parse it.
    const body = parseExactJson('{"sku":"S","quantity":1e20,"unitPriceCents":1}') as ReturnType<typeof line>;
    // Act + Assess
    expect(issues({ items: [body] })).toEqual([
      {
        path: 'items[0].quantity',
        message: 'must be at most 2147483647 (a quantity), got 1e20',
      },
    ]);
  });

  it('keeps amounts within exact integers: the largest order total is far below 2^53', () => {
    expect(ORDER_LIMITS.amountCents * ORDER_LIMITS.items).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});

describe('Limits: timestamps of a stored order state', () => {
  const stored = (createdAt: unknown) => {
    const created = createOrder(base, at);
    if (!created.ok) throw created.error;
    const result = parseOrderState({ ...created.value.state, createdAt });
    return result.ok ? [] : result.error.issues.map((i) => i.path);
  };

  it.each([
    '2026-11-01T10:00:00Z',
    '2026-11-01T10:00:00.1Z',
    '2026-11-01T10:00:00.123Z',
    '0001-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '2028-02-29T00:00:00.000Z',
  ])('accepts the UTC instant %s', (value) => {
    expect(stored(value)).toEqual([]);
  });

  it.each([
    ['no zone (read in the database TimeZone)', '2026-11-01T10:00:00'],
    ['an offset instead of Z', '2026-11-01T10:00:00+01:00'],
    ['microseconds (TIMESTAMPTZ(3) would round them)', '2026-11-01T10:00:00.123456Z'],
    ['a day that does not exist', '2026-02-29T10:00:00.000Z'],
    ['hour 24', '2026-11-01T24:00:00.000Z'],
    ['year 0000', '0000-01-01T00:00:00.000Z'],
    ['a date only', '2026-11-01'],
    ['a number', 1_700_000_000_000],
  ])('refuses %s', (_what, value) => {
    expect(stored(value)).toEqual(['createdAt']);
  });
});
