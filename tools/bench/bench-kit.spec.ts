import { latencySummary, percentile } from './bench-kit';

describe('percentile (nearest rank)', () => {
  it.each([
    [50, 5],
    [99, 10],
    [100, 10],
    [0, 1],
    [10, 1],
    [11, 2],
  ])('p%d of 1..10 is %d', (p, expected) => {
    expect(percentile([10, 3, 1, 2, 4, 5, 6, 7, 8, 9], p)).toBe(expected);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('latencySummary', () => {
  it('gives p50, p99 and max rounded to whole milliseconds', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => i + 0.4);
    expect(latencySummary(latencies)).toEqual({ p50: 99, p99: 197, max: 199 });
  });

  it('handles more values than a spread call could take', () => {
    const latencies = Array.from({ length: 300_000 }, (_, i) => i % 1000);
    expect(latencySummary(latencies).max).toBe(999);
  });

  it('is NaN for no latencies', () => {
    expect(latencySummary([])).toEqual({ p50: NaN, p99: NaN, max: NaN });
  });
});
