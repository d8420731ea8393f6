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
