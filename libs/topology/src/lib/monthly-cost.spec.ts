import { AWS_PRICES } from './aws-prices';
import { deliveryCostPerMillion, upstreamCostPerMillion } from './delivery-cost';
import { DAYS_PER_MONTH, monthlyCost } from './monthly-cost';
import { outflowTopology } from './outflow-topology';

describe('Function: monthlyCost', () => {
  const cost = monthlyCost(outflowTopology, { changesPerDay: 100_000 });
  const month = (100_000 * DAYS_PER_MONTH) / 1_000_000; // millions of changes a month

  it('scales the per-million estimates to a 730-hour month and adds the source table and its stream reads', () => {
    expect(cost.changesPerMonth).toBeCloseTo(3_041_666.67, 2);
    const [legacy, search] = cost.downstreams;
    expect(legacy?.estimate.totalUsd).toBeCloseTo(
      deliveryCostPerMillion(outflowTopology.subscriptions[0]!).totalUsd * month,
      9,
    );
    expect(search?.estimate.totalUsd).toBeCloseTo(
      deliveryCostPerMillion(outflowTopology.subscriptions[1]!).totalUsd * month,
      9,
    );
    // 2 KB events: items of ≈ 4 KB (state + the event repeating it) → 4 write units per change.
    const writes = 4 * cost.changesPerMonth * (0.625 / 1_000_000);
    // 4 GetRecords a second on one shard, all month, at $0.02 per 100,000.
    const reads = 4 * 86_400 * DAYS_PER_MONTH * (0.2 / 1_000_000);
    expect(cost.upstream.totalUsd).toBeCloseTo(upstreamCostPerMillion().totalUsd * month + writes + reads, 9);
    // Every downstream of the topology (legacy-rdb, search, views, …) plus the upstream, once.
    expect(cost.downstreams.map((d) => d.subscription)).toEqual(
      outflowTopology.subscriptions.map((s) => s.name),
    );
    expect(cost.totalUsd).toBeCloseTo(
      cost.upstream.totalUsd + cost.downstreams.reduce((sum, d) => sum + d.estimate.totalUsd, 0),
      9,
    );
    expect(cost.upstream.lines.map((l) => l.price)).toContain(AWS_PRICES.dynamoDbStreamReads);
  });

  it('compares delivery modes and batch sizes, refusing FIFO batches above 10', () => {
    const legacy = cost.downstreams[0]!;
    const at = (mode: string, batchSize: number) =>
      legacy.whatIf.find((w) => w.mode === mode && w.batchSize === batchSize)?.usd;
    expect(at('per-aggregate', 10)).toBeCloseTo(legacy.estimate.totalUsd, 9);
    expect(at('per-aggregate', 100)).toBeUndefined();
    // Unordered drops the buffer queue, the re-keying Pipe and the FIFO queue; bigger batches fewer calls.
    expect(at('unordered', 10)).toBeLessThan(at('per-aggregate', 10)!);
    expect(at('unordered', 100)).toBeLessThan(at('unordered', 10)!);
    expect(at('per-aggregate', 1)).toBeGreaterThan(at('per-aggregate', 10)!);
  });

  it('prints the unverified assumptions first, the stream reads among them', () => {
    expect(cost.assumptions[0]).toMatch(
      /^not verified on AWS's pages: the source Pipe's stream reads are billed/,
    );
    expect(cost.assumptions.filter((a) => a.startsWith('not verified'))).toHaveLength(3);
  });

  it('costs nothing but the stream reads at 0 changes a day, and refuses a negative traffic', () => {
    const idle = monthlyCost(outflowTopology, { changesPerDay: 0, streamShards: 2 });
    expect(idle.totalUsd).toBeCloseTo(2 * 4 * 86_400 * DAYS_PER_MONTH * (0.2 / 1_000_000), 9);
    expect(() => monthlyCost(outflowTopology, { changesPerDay: -1 })).toThrow(
      'changesPerDay must be a number ≥ 0, got -1',
    );
  });
});
