// The results chart (bench/results/chart.svg), built from the result JSONs: a Vega-Lite spec, pure
// data in → spec out (rendered by chart.ts). Top: every "share of a baseline" ratio with its target
// (Outflow vs the raw or strict way of doing the same work, measured side by side in one run);
// bottom: the memory benchmark's RSS while each backlog drains.

/** The fields of a result JSON the chart and the README table read (written by each benchmark). */
export interface BenchResult {
  readonly benchmark: string;
  readonly ratio?: Readonly<Record<string, unknown>>;
  readonly ratios?: Readonly<Record<string, unknown>>;
  readonly target?: Readonly<Record<string, string>>;
  readonly targets?: Readonly<Record<string, string>>;
  readonly at: string;
}

/** One bar: a ratio, its target (a lower bound), whether it is met. */
export interface RatioPoint {
  readonly label: string;
  readonly value: number;
  readonly target: number;
  readonly met: boolean;
}

/**
 * The number of a lower-bound target such as `≥ 0.85` or `≥ 0.85 of raw`; undefined for other
 * targets (upper bounds such as `≤ 300`, or multiples such as `≥ 10` are told apart by the caller).
 *
 * @internal Used by `ratioPoints`; exported for its spec.
 */
export function lowerBound(target: string): number | undefined {
  const match = /^\s*≥\s*([0-9]*\.?[0-9]+)/.exec(target);
  return match ? Number(match[1]) : undefined;
}

/**
 * Checks the fields the chart reads.
 *
 * @throws Error naming the file and the field when a result is not a benchmark result.
 */
export function parseResult(file: string, json: unknown): BenchResult {
  const fail = (field: string, what: string) => {
    throw new Error(`${file}: ${field} ${what}; run that benchmark again (npm run bench -- <name>)`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('the file', 'is not a JSON object');
  const result = json as Record<string, unknown>;
  if (typeof result['benchmark'] !== 'string' || result['benchmark'] === '')
    fail('benchmark', 'must be a name');
  if (typeof result['at'] !== 'string' || Number.isNaN(Date.parse(result['at'])))
    fail('at', 'must be an ISO time');
  for (const field of ['ratio', 'ratios', 'target', 'targets'])
    if (result[field] !== undefined && (typeof result[field] !== 'object' || result[field] === null))
      fail(field, 'must be an object');
  return result as unknown as BenchResult;
}

/** Ratios with a lower-bound target of at most 2 (shares of a baseline; multiples such as "≥ 10×" are left out). */
export function ratioPoints(results: readonly BenchResult[]): RatioPoint[] {
  const points: RatioPoint[] = [];
  for (const result of [...results].sort((a, b) => a.benchmark.localeCompare(b.benchmark))) {
    const ratios = result.ratio ?? result.ratios ?? {};
    const targets = result.target ?? result.targets ?? {};
    for (const [name, target] of Object.entries(targets)) {
      const bound = lowerBound(target);
      const value = ratios[name];
      if (bound === undefined || bound > 2 || typeof value !== 'number') continue;
      points.push({ label: `${result.benchmark}: ${name}`, value, target: bound, met: value >= bound });
    }
  }
  return points;
}

/** One point of the memory chart: RSS (MiB) at a share of a backlog drained. */
export interface MemoryPoint {
  readonly backlog: string;
  readonly drainedPercent: number;
  readonly rssMiB: number;
}

/** The RSS curves of a memory result (`results[].curve`); none when it has no such field. */
export function memoryPoints(result: BenchResult | undefined): MemoryPoint[] {
  const runs = (result as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(runs)) return [];
  return runs.flatMap((run: { backlog?: number; curve?: { drainedPercent: number; rssMiB: number }[] }) =>
    (run.curve ?? []).map((p) => ({
      backlog: `${(run.backlog ?? 0).toLocaleString('en-US')} changes`,
      drainedPercent: p.drainedPercent,
      rssMiB: p.rssMiB,
    })),
  );
}

/** The Vega-Lite spec of the chart (a vconcat: ratios, then memory when there is a memory result). */
export function chartSpec(
  ratios: readonly RatioPoint[],
  memory: readonly MemoryPoint[],
  subtitle: string,
): object {
  const ratioChart = {
    title: { text: 'Outflow vs the same work done the raw way (ratio; tick = target)', subtitle },
    data: { values: ratios },
    width: 520,
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
          x: { field: 'value', type: 'quantitative', title: 'ratio', scale: { domain: [0, 2] } },
          color: {
            field: 'met',
            type: 'nominal',
            scale: { domain: [true, false], range: ['#4c78a8', '#e45756'] },
            legend: { title: 'target met' },
          },
        },
      },
      {
        mark: { type: 'tick', color: 'black', thickness: 2, size: 18 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null },
          x: { field: 'target', type: 'quantitative' },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null },
          x: { field: 'value', type: 'quantitative' },
          text: { field: 'value', type: 'quantitative', format: '.2f' },
        },
      },
    ],
  };
  const memoryChart = {
    title: 'Memory benchmark: RSS of the local runtime + every consumer while a backlog drains',
    data: { values: memory },
    width: 520,
    height: 180,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'drainedPercent', type: 'quantitative', title: 'backlog drained (%)' },
      y: { field: 'rssMiB', type: 'quantitative', title: 'RSS (MiB)' },
      color: { field: 'backlog', type: 'nominal', title: 'backlog', sort: null },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    // The ratio bars colour by "target met", the memory lines by backlog: two scales, two legends.
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    vconcat: memory.length > 0 ? [ratioChart, memoryChart] : [ratioChart],
  };
}
