import { AWS_PRICES, type AwsPriceTable, chunksOf, costOf } from './aws-prices';
import {
  type CostAssumptions,
  type CostEstimate,
  type CostLine,
  DEFAULT_COST_ASSUMPTIONS,
  deliveryCostPerMillion,
  upstreamCostPerMillion,
} from './delivery-cost';
import { subscription as subscriptionWith } from './outflow-topology';
import type { DeliveryMode, OutflowTopology, SubscriptionDefinition } from './topology.types';

/**
 * Days in the month the estimate bills: AWS's pricing calculator counts 730 hours a month.
 *
 * @public Printed by `outflow cost`.
 */
export const DAYS_PER_MONTH = 730 / 24;

/** Stream reads a Pipe makes per shard per second (DynamoDB Streams: 4 GetRecords per second per shard). */
const STREAM_POLLS_PER_SECOND = 4;

/** Batch sizes `outflow cost` compares (FIFO queues give Lambda at most 10 messages per batch). */
const WHAT_IF_BATCH_SIZES = [1, 10, 100] as const;
const FIFO_MAX_BATCH = 10;

/** @public Options of {@link monthlyCost}; unset assumptions take {@link DEFAULT_COST_ASSUMPTIONS}. */
export interface MonthlyCostOptions extends Partial<CostAssumptions> {
  /** Committed changes a day (one stream record, one bus event each). */
  readonly changesPerDay: number;
  /** Shards of the source table's stream (each is polled by the Pipe). @default 1 */
  readonly streamShards?: number;
}

/** @public One downstream's monthly cost, and what other delivery modes and batch sizes would cost. */
export interface DownstreamMonthlyCost {
  readonly subscription: string;
  readonly mode: DeliveryMode;
  readonly batchSize: number;
  readonly estimate: CostEstimate;
  /** The same traffic in each delivery mode and batch size; `undefined` where the mode forbids the size. */
  readonly whatIf: readonly {
    readonly mode: DeliveryMode;
    readonly batchSize: number;
    readonly usd: number | undefined;
  }[];
}

/** @public What {@link monthlyCost} returns; `outflow cost --json` prints it. */
export interface MonthlyCost {
  readonly changesPerDay: number;
  readonly changesPerMonth: number;
  readonly daysPerMonth: number;
  readonly upstream: CostEstimate;
  readonly downstreams: readonly DownstreamMonthlyCost[];
  readonly totalUsd: number;
  /** Every assumption, one sentence each, the unverified ones first. */
  readonly assumptions: readonly string[];
}

const scaled = (estimate: CostEstimate, factor: number, subject = estimate.subject): CostEstimate => ({
  ...estimate,
  subject,
  lines: estimate.lines.map((l) => ({ ...l, units: l.units * factor, usd: l.usd * factor })),
  totalUsd: estimate.totalUsd * factor,
});

/** A subscription as it would be in `mode` with consumer batches of `batchSize`. */
const variant = (
  s: SubscriptionDefinition,
  mode: DeliveryMode,
  batchSize: number,
): SubscriptionDefinition => ({
  ...s,
  delivery:
    mode === s.delivery.mode ? s.delivery : subscriptionWith(s.name, s.app, [], { delivery: mode }).delivery,
  consumer: { ...s.consumer, batchSize },
});

function downstream(
  s: SubscriptionDefinition,
  assumptions: Partial<CostAssumptions>,
  factor: number,
  prices: AwsPriceTable,
): DownstreamMonthlyCost {
  const modes: DeliveryMode[] = ['per-aggregate', 'unordered'];
  return {
    subscription: s.name,
    mode: s.delivery.mode,
    batchSize: s.consumer.batchSize,
    estimate: scaled(deliveryCostPerMillion(s, assumptions, prices), factor),
    whatIf: modes.flatMap((mode) =>
      WHAT_IF_BATCH_SIZES.map((batchSize) => ({
        mode,
        batchSize,
        usd:
          mode === 'per-aggregate' && batchSize > FIFO_MAX_BATCH
            ? undefined
            : deliveryCostPerMillion(variant(s, mode, batchSize), assumptions, prices).totalUsd * factor,
      })),
    ),
  };
}

/** The source table's writes: one PutItem per change of an item holding the state and the event. */
function sourceWrites(a: CostAssumptions, changesPerMonth: number, prices: AwsPriceTable): CostLine {
  const units = Math.ceil(2 * a.eventSizeKb);
  const price = prices.dynamoDbOnDemandWrites;
  return {
    item: `source table: one PutItem per change, ${units} write unit(s) (item ≈ 2 × ${a.eventSizeKb} KB)`,
    units: changesPerMonth * units,
    usd: costOf(price, changesPerMonth * units),
    price,
  };
}

/** The source Pipe's GetRecords calls: each shard polled 4 times a second, whatever the traffic. */
function streamReads(shards: number, prices: AwsPriceTable): CostLine {
  const units = STREAM_POLLS_PER_SECOND * 86_400 * DAYS_PER_MONTH * shards;
  return {
    item: `source Pipe: stream reads, ${STREAM_POLLS_PER_SECOND} GetRecords a second × ${shards} shard(s) (assumed billed)`,
    units,
    usd: costOf(prices.dynamoDbStreamReads, units),
    price: prices.dynamoDbStreamReads,
  };
}

/**
 * What the configured topology costs a month at `changesPerDay` committed changes: the shared
 * upstream (the source table's writes, the source Pipe, the bus's custom events) and each
 * subscription by its delivery mode and batch size, from the dated price table (default
 * {@link AWS_PRICES}); plus, per subscription, the same traffic in the other delivery mode and at
 * batches of 1, 10 and 100. Pure: no AWS call. USD, us-east-1 list prices, no free tier.
 *
 * @throws RangeError when `changesPerDay` is not a finite number ≥ 0.
 * @public Printed by `outflow cost`.
 */
export function monthlyCost(
  topology: OutflowTopology,
  options: MonthlyCostOptions,
  prices: AwsPriceTable = AWS_PRICES,
): MonthlyCost {
  if (!Number.isFinite(options.changesPerDay) || options.changesPerDay < 0)
    throw new RangeError(`changesPerDay must be a number ≥ 0, got ${options.changesPerDay}`);
  const { changesPerDay, streamShards = 1, ...overrides } = options;
  const a = { ...DEFAULT_COST_ASSUMPTIONS, ...overrides };
  const changesPerMonth = changesPerDay * DAYS_PER_MONTH;
  const factor = changesPerMonth / 1_000_000;
  const perMillion = upstreamCostPerMillion(a, prices);
  const piped = scaled(perMillion, factor, 'shared upstream (paid once, whatever the number of downstreams)');
  const writes = sourceWrites(a, changesPerMonth, prices);
  const reads = streamReads(streamShards, prices);
  const upstream: CostEstimate = {
    ...piped,
    lines: [writes, reads, ...piped.lines],
    totalUsd: piped.totalUsd + writes.usd + reads.usd,
    assumptions: piped.assumptions.filter((text) => !text.startsWith("the source table's own writes")),
  };
  const downstreams = topology.subscriptions.map((s) => downstream(s, a, factor, prices));
  return {
    changesPerDay,
    changesPerMonth,
    daysPerMonth: DAYS_PER_MONTH,
    upstream,
    downstreams,
    totalUsd: upstream.totalUsd + downstreams.reduce((sum, d) => sum + d.estimate.totalUsd, 0),
    assumptions: [
      "not verified on AWS's pages: the source Pipe's stream reads are billed (AWS's DynamoDB guide: reads by Lambda-based consumers are free, by any other consumer charged; it does not name Pipes); the Pipe polls each shard 4 times a second, busy or idle — the line is counted in the total",
      `not verified on AWS's pages: the DynamoDB write price (from the team's notes) and the stream read price ($0.02 per 100,000, remembered from AWS's page; no stored copy)`,
      "not verified on AWS's pages: every other price was read on third-party pages that agree (aws-prices.ts names them)",
      `one change = one stream record = one bus event of ${a.eventSizeKb} KB (${chunksOf(a.eventSizeKb)} billed 64 KB chunk(s)); a change with several events writes a transaction and one event each, not counted`,
      `a month is ${DAYS_PER_MONTH.toFixed(2)} days (730 hours, as AWS's pricing calculator counts)`,
      ...new Set([...upstream.assumptions, ...downstreams.flatMap((d) => d.estimate.assumptions)]),
    ],
  };
}
