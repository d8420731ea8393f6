// Pure helpers of the memory benchmark: summarizing a drain's memory samples, and how far the peaks
// of different backlog sizes are from the smallest backlog's peak.

/** One process.memoryUsage() sample during a drain (bytes), and the share of the backlog drained then. */
export interface MemorySample {
  readonly ms: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  /** 0–1: changes acknowledged by the slowest downstream / backlog. */
  readonly drained: number;
}

export interface MemorySummary {
  /** RSS (MiB) after every consumer was built, before the runtime started reading. */
  readonly startRssMiB: number;
  readonly peakRssMiB: number;
  readonly endRssMiB: number;
  readonly peakHeapUsedMiB: number;
  /** At most 40 points (drained %, RSS MiB), evenly spread over the drain, for the chart. */
  readonly curve: readonly { readonly drainedPercent: number; readonly rssMiB: number }[];
}

const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * @throws Error when there are no samples.
 */
export function summarizeMemory(samples: readonly MemorySample[]): MemorySummary {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) throw new Error('no memory samples');
  const step = Math.max(1, Math.ceil(samples.length / 40));
  const picked = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
  return {
    startRssMiB: mib(first.rss),
    peakRssMiB: mib(samples.reduce((max, s) => Math.max(max, s.rss), 0)),
    endRssMiB: mib(last.rss),
    peakHeapUsedMiB: mib(samples.reduce((max, s) => Math.max(max, s.heapUsed), 0)),
    curve: picked.map((s) => ({ drainedPercent: Math.round(s.drained * 1000) / 10, rssMiB: mib(s.rss) })),
  };
}

/**
 * The largest relative distance of any backlog's peak from the smallest backlog's peak
 * (0.2 = 20 %): "flat within ±20 %" means ≤ 0.2.
 *
 * @throws Error when `peaks` is empty or the smallest backlog's peak is not positive.
 */
export function peakSpread(
  peaks: readonly { readonly backlog: number; readonly peakRssMiB: number }[],
): number {
  const base = [...peaks].sort((a, b) => a.backlog - b.backlog)[0];
  if (!base || base.peakRssMiB <= 0) throw new Error('peakSpread needs at least one positive peak');
  const spread = peaks.reduce((max, p) => Math.max(max, Math.abs(p.peakRssMiB / base.peakRssMiB - 1)), 0);
  return Math.round(spread * 100) / 100;
}
