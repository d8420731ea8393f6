import {
  chartSpec,
  lowerBound,
  memoryPoints,
  parseResult,
  ratioPoints,
  type BenchResult,
} from './chart-spec';

const result = (
  fields: Partial<BenchResult> & { benchmark: string } & Record<string, unknown>,
): BenchResult => ({
  at: '2026-11-30T00:00:00.000Z',
  ...fields,
});

describe('lowerBound', () => {
  it.each([
    ['≥ 0.85', 0.85],
    ['≥ 10', 10],
    ['≥0.6 of raw', 0.6],
    ['≤ 300', undefined],
    ['≤ 0.20 (every peak)', undefined],
  ])('%s → %s', (target, expected) => {
    expect(lowerBound(target)).toBe(expected);
  });
});

describe('parseResult', () => {
  it('accepts a result and names the file and field of a bad one', () => {
    expect(parseResult('a.json', { benchmark: 'x', at: '2026-11-30T00:00:00Z' }).benchmark).toBe('x');
    expect(() => parseResult('bench/results/x.json', [])).toThrow(
      'bench/results/x.json: the file is not a JSON object',
    );
    expect(() => parseResult('x.json', { at: '2026-11-30T00:00:00Z' })).toThrow(
      'x.json: benchmark must be a name',
    );
    expect(() => parseResult('x.json', { benchmark: 'x', at: 'yesterday' })).toThrow(
      'x.json: at must be an ISO time',
    );
    expect(() => parseResult('x.json', { benchmark: 'x', at: '2026-11-30T00:00:00Z', ratio: 3 })).toThrow(
      'x.json: ratio must be an object',
    );
  });
});

describe('ratioPoints', () => {
  it('takes every ratio with a lower-bound target of at most 2, by benchmark name, marking whether it is met', () => {
    const points = ratioPoints([
      result({
        benchmark: 'pipeline',
        ratio: { pipelineVsRaw: 0.94 },
        target: { pipelineVsRaw: '≥ 0.80' },
      }),
      result({
        benchmark: 'consumer',
        ratios: { outflowVsPowertools: 14.7, outflowVsStrict: 0.43 },
        targets: { outflowVsPowertools: '≥ 10', outflowVsStrict: '≥ 0.9' },
      }),
      result({ benchmark: 'memory', ratio: { peakSpread: 0.5 }, target: { peakSpread: '≤ 0.20' } }),
      result({ benchmark: 'dev' }),
    ]);
    expect(points).toEqual([
      { label: 'consumer: outflowVsStrict', value: 0.43, target: 0.9, met: false },
      { label: 'pipeline: pipelineVsRaw', value: 0.94, target: 0.8, met: true },
    ]);
  });
});

describe('memoryPoints', () => {
  it('flattens each backlog’s curve, labelled by its size; none without a memory result', () => {
    const memory = result({
      benchmark: 'memory',
      results: [
        { backlog: 10000, curve: [{ drainedPercent: 0, rssMiB: 150 }] },
        { backlog: 50000, curve: [{ drainedPercent: 100, rssMiB: 160 }] },
      ],
    });
    expect(memoryPoints(memory)).toEqual([
      { backlog: '10,000 changes', drainedPercent: 0, rssMiB: 150 },
      { backlog: '50,000 changes', drainedPercent: 100, rssMiB: 160 },
    ]);
    expect(memoryPoints(undefined)).toEqual([]);
  });
});

describe('chartSpec', () => {
  it('is a Vega-Lite vconcat of the ratios and, when there are memory points, the memory curves', () => {
    const ratios = [{ label: 'a: b', value: 1, target: 0.8, met: true }];
    const withMemory = chartSpec(ratios, [{ backlog: '1 changes', drainedPercent: 0, rssMiB: 1 }], 'sub') as {
      vconcat: { data: { values: unknown[] } }[];
    };
    expect(withMemory.vconcat).toHaveLength(2);
    expect(withMemory.vconcat[0]?.data.values).toEqual(ratios);
    expect((chartSpec(ratios, [], 'sub') as { vconcat: unknown[] }).vconcat).toHaveLength(1);
    // The ratio bars (target met) and the memory lines (backlog) must not share one colour scale.
    expect(withMemory).toMatchObject({ resolve: { scale: { color: 'independent' } } });
  });
});
