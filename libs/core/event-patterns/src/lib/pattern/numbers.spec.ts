import { LosslessNumber } from 'lossless-json';
import { toComparable } from './numbers';

describe('Function: toComparable', () => {
  it.each([
    [300, 300_000_000],
    [3.0e2, 300_000_000],
    [301.8, 301_800_000],
    [-0.5, -500_000],
    [-0, 0],
    [0.000001, 1],
    [5e9, 5e15],
    [-5e9, -5e15],
  ])('turns %p into exact millionths', (value, millionths) => {
    expect(toComparable(value)).toBe(millionths);
  });

  it.each([
    [1e-7],
    [0.1234567],
    [5_000_000_000.5],
    [-5.000001e9],
    [1e21],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('has no comparable form for %p (beyond 6 decimals or ±5e9)', (value) => {
    expect(toComparable(value)).toBeUndefined();
  });

  it('compares 0.1 + 0.2 by its shortest decimal form, as JSON would have written it', () => {
    // 0.1 + 0.2 prints as 0.30000000000000004: 17 decimals, so EventBridge could not compare it.
    expect(toComparable(0.1 + 0.2)).toBeUndefined();
    expect(toComparable(0.3)).toBe(300_000);
  });
});

describe('Function: toComparable on exact numbers', () => {
  it.each([
    ['3.0e2', 300_000_000],
    ['300.000000000000000000000', 300_000_000],
    ['0.000001', 1],
    ['-0.0', 0],
    ['4999999999.999999', 4_999_999_999_999_999],
  ])('turns the text %s into exact millionths', (text, millionths) => {
    expect(toComparable(new LosslessNumber(text))).toBe(millionths);
  });

  it.each([['12345678901234567891'], ['1.23e+40'], ['0.0000001'], ['5000000000.000001'], ['1e400']])(
    'has no comparable form for %s',
    (text) => {
      expect(toComparable(new LosslessNumber(text))).toBeUndefined();
    },
  );
});
