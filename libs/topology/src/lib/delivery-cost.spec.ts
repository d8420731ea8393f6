import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_PRICES, AWS_PRICES_CHECKED_ON, chunksOf } from './aws-prices';
import {
  deliveryCostPerMillion,
  formatCostEstimate,
  upstreamCostPerMillion,
  type CostEstimate,
} from './delivery-cost';
import { subscription } from './outflow-topology';

const perAggregate = subscription('legacy-rdb', 'legacy-rdb-sync', ['order']);
const unordered = subscription('search', 'search-sync', ['order'], { delivery: 'unordered' });
const byItem = (e: CostEstimate) => Object.fromEntries(e.lines.map((l) => [l.item, [l.units, l.usd]]));

describe('Function: deliveryCostPerMillion', () => {
  it('prices per-aggregate delivery: buffer queue, re-keying Pipe, FIFO queue and one invocation per batch', () => {
    // Act
    const cost = deliveryCostPerMillion(perAggregate);
    // Assess: 2 KB events, batches of 10, 100 ms × 512 MB per batch on arm64.
    expect(byItem(cost)).toEqual({
      'rule → buffer queue (standard): SendMessage, one per event': [1_000_000, 0.4],
      'buffer queue, read by the Pipe: ReceiveMessage, batches of 10': [100_000, 0.04],
      'buffer queue, read by the Pipe: DeleteMessageBatch, batches of 10': [100_000, 0.04],
      're-keying Pipe: requests, one per event': [1_000_000, 0.4],
      'Pipe → FIFO queue: SendMessage, one per event': [1_000_000, 0.5],
      'FIFO queue, read by Lambda: ReceiveMessage, batches of 10': [100_000, 0.05],
      'FIFO queue, read by Lambda: DeleteMessageBatch, batches of 10': [100_000, 0.05],
      'Lambda: invocations, one per batch of 10': [100_000, 0.02],
      'Lambda: duration, 100 ms × 512 MB per batch (arm64)': [5_000, expect.closeTo(0.066667, 6)],
    });
    expect(cost.totalUsd).toBeCloseTo(1.566667, 6);
    expect(cost.pricesCheckedOn).toBe(AWS_PRICES_CHECKED_ON);
  });

  it('prices unordered delivery: one standard queue and the same consumer', () => {
    const cost = deliveryCostPerMillion(unordered);
    expect(cost.lines.map((l) => l.price)).not.toContain(AWS_PRICES.sqsFifoRequests);
    expect(cost.lines.map((l) => l.price)).not.toContain(AWS_PRICES.pipesRequests);
    expect(cost.totalUsd).toBeCloseTo(0.4 + 0.04 + 0.04 + 0.02 + 0.066667, 6);
  });

  it('bills each 64 KB chunk: a 100 KB event is two requests per send, a batch of ten is 16 per receive', () => {
    const cost = byItem(deliveryCostPerMillion(unordered, { eventSizeKb: 100 }));
    expect(chunksOf(100)).toBe(2);
    expect(cost['rule → standard queue: SendMessage, one per event']).toEqual([2_000_000, 0.8]);
    expect(cost['standard queue: ReceiveMessage, batches of 10']).toEqual([
      1_600_000,
      expect.closeTo(0.64, 9),
    ]);
  });

  it('uses the x86 duration price when asked, and the consumer settings of the subscription', () => {
    const big = subscription('views', 'views-sync', ['order'], {
      delivery: 'unordered',
      consumer: { memorySize: 1024, batchSize: 5 },
    });
    const cost = byItem(deliveryCostPerMillion(big, { architecture: 'x86_64', batchDurationMs: 200 }));
    // 200,000 invocations × 0.2 s × 1 GB = 40,000 GB-s at $0.0000166667.
    expect(cost['Lambda: duration, 200 ms × 1024 MB per batch (x86_64)']).toEqual([
      40_000,
      expect.closeTo(0.666668, 6),
    ]);
  });

  it('reads the prices from the table it is given', () => {
    const doubled = { ...AWS_PRICES, sqsStandardRequests: { ...AWS_PRICES.sqsStandardRequests, usd: 0.8 } };
    expect(deliveryCostPerMillion(unordered, {}, doubled).totalUsd).toBeCloseTo(
      deliveryCostPerMillion(unordered).totalUsd + 0.48,
      9,
    );
  });
});

describe('Function: upstreamCostPerMillion', () => {
  it('prices the source Pipe and the bus once for all downstreams', () => {
    expect(upstreamCostPerMillion().totalUsd).toBeCloseTo(1.4, 9);
  });
});

describe('Function: formatCostEstimate', () => {
  it('prints every line, the total, the assumptions and the sources', () => {
    const text = formatCostEstimate(deliveryCostPerMillion(perAggregate));
    expect(text).toContain(
      'legacy-rdb (per-aggregate): $1.5667 per million events (us-east-1, prices of 2026-11-29)',
    );
    expect(text).toContain('1,000,000 × $0.50/M = $0.5000');
    expect(text).toContain('5,000 × $0.0000133334/GB-second = $0.0667');
    expect(text).toContain('  - the Pipe sends each event to the FIFO queue with its own SendMessage');
    expect(text).toContain(
      'Sources: https://aws.amazon.com/sqs/pricing/, https://aws.amazon.com/eventbridge/pricing/',
    );
  });
});

describe('README: "What a million events cost"', () => {
  it('shows the totals this module computes, with the date of the prices', () => {
    // The table is written by hand: this keeps it from drifting when a price or a default changes.
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const total = (e: CostEstimate) => `$${e.totalUsd.toFixed(4)}`;
    const row = `| **total per million events per downstream** | | **${total(deliveryCostPerMillion(perAggregate))}** | **${total(deliveryCostPerMillion(unordered))}** |`;
    expect(readme).toContain(row);
    expect(readme).toContain(`**checked ${AWS_PRICES_CHECKED_ON}**`);
    expect(readme).toContain(
      `With 100 KB events (two 64 KB chunks per send and per Pipes request): ${total(deliveryCostPerMillion(perAggregate, { eventSizeKb: 100 }))} and ${total(deliveryCostPerMillion(unordered, { eventSizeKb: 100 }))}.`,
    );
  });
});
