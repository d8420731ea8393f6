import type { ValidationIssue } from './errors';
import {
  checkPositiveInteger,
  checkString,
  checkUnknownFields,
  describeValue,
  isPositiveInteger,
  isRecord,
} from './guards';

describe('Module: guards', () => {
  it('isRecord accepts plain objects only', () => {
    expect([{}, { a: 1 }].every(isRecord)).toBe(true);
    expect([null, undefined, [], 'x', 1, true].some(isRecord)).toBe(false);
  });

  it('isPositiveInteger accepts exact integers ≥ 1', () => {
    expect([1, 2, Number.MAX_SAFE_INTEGER].every(isPositiveInteger)).toBe(true);
    expect([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '1', NaN].some(isPositiveInteger)).toBe(false);
  });

  it('describeValue shows a value the way issue messages print it', () => {
    expect([undefined, null, [1], 'x', 3].map(describeValue)).toEqual([
      'nothing',
      'null',
      'an array',
      '"x"',
      '3',
    ]);
  });

  it('check… functions append one issue per bad field, naming it, and never throw', () => {
    // Prepare
    const issues: ValidationIssue[] = [];

    // Act
    checkString('  ', 'customerId', issues);
    checkString('abcd', 'sku', issues, { max: 3 });
    checkString('a/b', 'orderId', issues, { pattern: /^[a-z]+$/, patternHint: 'letters only' });
    checkString(undefined, 'correlationId', issues, { optional: true });
    checkString('ok', 'eventId', issues, { max: 3, pattern: /^[a-z]+$/ });
    checkPositiveInteger(0, 'items[0].quantity', issues);
    checkPositiveInteger(2, 'aggregateVersion', issues);
    checkUnknownFields({ orderId: 'o', extra: 1 }, ['orderId'], 'body.', issues);

    // Assess
    expect(issues).toEqual([
      { path: 'customerId', message: 'expected a non-empty string, got "  "' },
      { path: 'sku', message: 'must be at most 3 characters, got 4' },
      { path: 'orderId', message: 'letters only, got "a/b"' },
      { path: 'items[0].quantity', message: 'expected an integer ≥ 1, got 0' },
      { path: 'body.extra', message: 'is not a known field; expected orderId' },
    ]);
  });
});
