import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const RESULTS_DIR = join(REPO_ROOT, 'bench/results');

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

/** p50, p99 and max of latencies (ms), rounded to whole milliseconds; NaN for none. */
export function latencySummary(latencies: readonly number[]): { p50: number; p99: number; max: number } {
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.length === 0 ? Number.NaN : latencies.reduce((a, b) => Math.max(a, b), -Infinity)),
  };
}

/** Progress on stderr: in place on a terminal, a line per step otherwise. */
export function progress(label: string): (done: number, total: number) => void {
  let lastPrinted = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - lastPrinted < (process.stderr.isTTY ? 200 : 5000)) return;
    lastPrinted = now;
    const line = `  ${label}: ${done}/${total}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  onDone?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export const machine = () => ({
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  /** 1, 5 and 15 minute load averages when the result was written (other work on the machine). */
  loadAverage: loadavg().map((l) => round(l, 2)),
});

/** Writes `<name>.json` (the numbers) into bench/results/. */
export function writeResult(name: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
