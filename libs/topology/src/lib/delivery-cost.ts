import {
  AWS_PRICES,
  AWS_PRICES_CHECKED_ON,
  AWS_PRICES_REGION,
  type AwsPrice,
  type AwsPriceTable,
  chunksOf,
  costOf,
} from './aws-prices';
import type { SubscriptionDefinition } from './topology.types';

/**
 * What the estimate assumes about the traffic; every field is printed with the result.
 *
 * @public Documented in the README ("What a million events cost").
 */
export interface CostAssumptions {
  /** Size of one bus event's detail, KB. @default 2 */
  readonly eventSizeKb: number;
  /** Wall time of one consumer invocation (one batch), ms. @default 100 */
  readonly batchDurationMs: number;
  /** The consumer's architecture (Outflow deploys arm64). @default 'arm64' */
  readonly architecture: 'arm64' | 'x86_64';
}

/** @public Documented in the README ("What a million events cost"). */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  eventSizeKb: 2,
  batchDurationMs: 100,
  architecture: 'arm64',
};

/**
 * One billed item: how many billed units a million events cause, and their cost in USD.
 *
 * @public Documented in the README ("What a million events cost").
 */
export interface CostLine {
  readonly item: string;
  readonly units: number;
  readonly usd: number;
  readonly price: AwsPrice;
}

/**
 * The cost of one million events for one downstream (or for the shared upstream).
 *
 * @public Documented in the README ("What a million events cost").
 */
export interface CostEstimate {
  readonly subject: string;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  /** Every assumption the figures rest on, one sentence each. */
  readonly assumptions: readonly string[];
  readonly pricesCheckedOn: string;
  readonly region: string;
}

const MILLION = 1_000_000;

const line = (item: string, price: AwsPrice, units: number): CostLine => ({
  item,
  units,
  usd: costOf(price, units),
  price,
});

const estimate = (subject: string, lines: CostLine[], assumptions: string[]): CostEstimate => ({
  subject,
  lines,
  totalUsd: lines.reduce((sum, l) => sum + l.usd, 0),
  assumptions: [
    `prices: ${AWS_PRICES_REGION} on-demand list prices checked ${AWS_PRICES_CHECKED_ON} (libs/topology/src/lib/aws-prices.ts); no free tier, no volume tier`,
    ...assumptions,
  ],
  pricesCheckedOn: AWS_PRICES_CHECKED_ON,
  region: AWS_PRICES_REGION,
});

/**
 * A queue read by a poller (a Pipe or Lambda's event source mapping) in full batches: one
 * ReceiveMessage per batch (its payload billed per 64 KB chunk) and one DeleteMessageBatch.
 */
const polling = (queue: string, price: AwsPrice, batchSize: number, eventSizeKb: number): CostLine[] => [
  line(
    `${queue}: ReceiveMessage, batches of ${batchSize}`,
    price,
    (MILLION / batchSize) * chunksOf(batchSize * eventSizeKb),
  ),
  line(`${queue}: DeleteMessageBatch, batches of ${batchSize}`, price, MILLION / batchSize),
];

/** The consumer: one invocation per batch, billed per request and per GB-second. */
function consumer(s: SubscriptionDefinition, a: CostAssumptions, prices: AwsPriceTable): CostLine[] {
  const invocations = MILLION / s.consumer.batchSize;
  const gbSeconds = invocations * (a.batchDurationMs / 1000) * (s.consumer.memorySize / 1024);
  const gbSecond = a.architecture === 'arm64' ? prices.lambdaGbSecondArm64 : prices.lambdaGbSecondX86;
  return [
    line(`Lambda: invocations, one per batch of ${s.consumer.batchSize}`, prices.lambdaRequests, invocations),
    line(
      `Lambda: duration, ${a.batchDurationMs} ms × ${s.consumer.memorySize} MB per batch (${a.architecture})`,
      gbSecond,
      gbSeconds,
    ),
  ];
}

/**
 * USD per million events delivered to ONE downstream, by its delivery mode, from a price table
 * (default {@link AWS_PRICES}). The bus's own charge (PutEvents) and the source Pipe are paid once
 * for all downstreams: see {@link upstreamCostPerMillion}. Pure: no AWS call.
 *
 * - `per-aggregate`: rule → standard buffer queue (one SendMessage per event) → the re-keying Pipe
 *   (reads the buffer in batches, one Pipes request per event, one SendMessage per event to the
 *   FIFO queue) → FIFO queue read by Lambda in batches → one invocation per batch.
 * - `unordered`: rule → standard queue (one SendMessage per event) read by Lambda in batches.
 *
 * @public Documented in the README ("What a million events cost").
 */
export function deliveryCostPerMillion(
  subscription: SubscriptionDefinition,
  overrides: Partial<CostAssumptions> = {},
  prices: AwsPriceTable = AWS_PRICES,
): CostEstimate {
  const a = { ...DEFAULT_COST_ASSUMPTIONS, ...overrides };
  const perEvent = MILLION * chunksOf(a.eventSizeKb);
  const { batchSize } = subscription.consumer;
  const shared = [
    `events of ${a.eventSizeKb} KB: ${chunksOf(a.eventSizeKb)} billed 64 KB chunk(s) per event, per SendMessage and per Pipes request`,
    'EventBridge delivers to a target in the same account at no extra charge (only cross-account delivery is billed): the rule → queue hop costs the SendMessage only',
    `every poller receives full batches; empty receives of an idle queue (long polling) and retries are not counted`,
    `one consumer invocation per batch of ${batchSize}, ${a.batchDurationMs} ms, ${subscription.consumer.memorySize} MB, ${a.architecture}`,
  ];
  if (subscription.delivery.mode === 'unordered') {
    return estimate(
      `${subscription.name} (unordered)`,
      [
        line('rule → standard queue: SendMessage, one per event', prices.sqsStandardRequests, perEvent),
        ...polling('standard queue', prices.sqsStandardRequests, batchSize, a.eventSizeKb),
        ...consumer(subscription, a, prices),
      ],
      shared,
    );
  }
  const pipeBatch = subscription.delivery.pipe.batchSize;
  return estimate(
    `${subscription.name} (per-aggregate)`,
    [
      line(
        'rule → buffer queue (standard): SendMessage, one per event',
        prices.sqsStandardRequests,
        perEvent,
      ),
      ...polling('buffer queue, read by the Pipe', prices.sqsStandardRequests, pipeBatch, a.eventSizeKb),
      line('re-keying Pipe: requests, one per event', prices.pipesRequests, perEvent),
      line('Pipe → FIFO queue: SendMessage, one per event', prices.sqsFifoRequests, perEvent),
      ...polling('FIFO queue, read by Lambda', prices.sqsFifoRequests, batchSize, a.eventSizeKb),
      ...consumer(subscription, a, prices),
    ],
    [
      ...shared,
      'the Pipe sends each event to the FIFO queue with its own SendMessage (if it batches them, that line falls up to 10×)',
    ],
  );
}

/**
 * USD per million events for what every downstream shares: the source table's Pipe and the bus.
 *
 * @public Documented in the README ("What a million events cost").
 */
export function upstreamCostPerMillion(
  overrides: Partial<CostAssumptions> = {},
  prices: AwsPriceTable = AWS_PRICES,
): CostEstimate {
  const a = { ...DEFAULT_COST_ASSUMPTIONS, ...overrides };
  const perEvent = MILLION * chunksOf(a.eventSizeKb);
  return estimate(
    'shared upstream (paid once, whatever the number of downstreams)',
    [
      line(
        'source Pipe (DynamoDB stream → bus): requests after filtering, one per event',
        prices.pipesRequests,
        perEvent,
      ),
      line('event bus: custom events published (PutEvents)', prices.eventBridgeCustomEvents, perEvent),
    ],
    [
      `events of ${a.eventSizeKb} KB: ${chunksOf(a.eventSizeKb)} billed 64 KB chunk(s) each`,
      "the source table's own writes (DynamoDB) and any charge for the Pipe's stream reads are not counted",
    ],
  );
}

const usd = (value: number) => `$${value.toFixed(4)}`;
const priceText = (p: AwsPrice) =>
  p.per === 1 ? `$${p.usd}/${p.unit.split(' (')[0]}` : `$${p.usd.toFixed(2)}/M`;

/**
 * The estimate as text: one line per billed item, the total, the assumptions and the sources.
 *
 * @public Documented in the README ("What a million events cost").
 */
export function formatCostEstimate(e: CostEstimate): string {
  const width = Math.max(...e.lines.map((l) => l.item.length));
  const sources = [...new Set(e.lines.map((l) => l.price.source))];
  return [
    `${e.subject}: ${usd(e.totalUsd)} per million events (${e.region}, prices of ${e.pricesCheckedOn})`,
    ...e.lines.map(
      (l) =>
        `  ${l.item.padEnd(width)}  ${Math.round(l.units).toLocaleString('en-US').padStart(9)} × ${priceText(l.price)} = ${usd(l.usd)}`,
    ),
    'Assumptions:',
    ...e.assumptions.map((text) => `  - ${text}`),
    `Sources: ${sources.join(', ')}`,
  ].join('\n');
}
