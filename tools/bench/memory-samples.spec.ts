import { peakSpread, summarizeMemory, type MemorySample } from './memory-samples';

const MiB = 2 ** 20;
const sample = (i: number, rssMiB: number, heapMiB = 10): MemorySample => ({
  ms: i * 100,
  rss: rssMiB * MiB,
  heapUsed: heapMiB * MiB,
  external: 0,
  drained: i / 100,
});

describe('summarizeMemory', () => {
  it('gives the start, peak and end RSS, the peak heap, and a curve of at most 40 points ending at the end', () => {
    const samples = Array.from({ length: 101 }, (_, i) =>
      sample(i, i === 50 ? 300 : 100 + i / 10, i === 70 ? 80 : 10),
    );
    const summary = summarizeMemory(samples);
    expect(summary).toMatchObject({ startRssMiB: 100, peakRssMiB: 300, endRssMiB: 110, peakHeapUsedMiB: 80 });
    expect(summary.curve.length).toBeLessThanOrEqual(41);
    expect(summary.curve[0]).toEqual({ drainedPercent: 0, rssMiB: 100 });
    expect(summary.curve[summary.curve.length - 1]).toEqual({ drainedPercent: 100, rssMiB: 110 });
  });

  it('refuses no samples', () => {
    expect(() => summarizeMemory([])).toThrow('no memory samples');
  });
});

describe('peakSpread', () => {
  it('is the largest distance from the smallest backlog’s peak, whatever the order', () => {
    expect(
      peakSpread([
        { backlog: 50_000, peakRssMiB: 230 },
        { backlog: 10_000, peakRssMiB: 200 },
        { backlog: 200_000, peakRssMiB: 190 },
      ]),
    ).toBe(0.15);
  });

  it('is 0 for one backlog and refuses none', () => {
    expect(peakSpread([{ backlog: 1, peakRssMiB: 5 }])).toBe(0);
    expect(() => peakSpread([])).toThrow('at least one positive peak');
  });
});
