/**
 * The AWS prices Outflow's cost estimates use (README, "Delivery modes"; a later `outflow cost`
 * reads this module). On-demand list prices in us-east-1, USD, without free tiers or volume
 * tiers, as checked on {@link AWS_PRICES_CHECKED_ON}. Prices change: check each `source` before
 * quoting a figure, and update the date with the figures.
 *
 * `confirmedBy` says how each figure was checked:
 * - `aws-page`: the figure was read on a stored copy of AWS's own page (none is, as of the date);
 * - `third-party-page`: no stored copy of AWS's page showing the figure was found (AWS renders its
 *   rate tables client-side; the stored EventBridge page shows the 64 KB rule, not the rates); it
 *   was read on the third-party pages in `seenOn`, which agree with each other and with the team's
 *   notes (shared docs, MEASURED.md, "AWS prices used for estimates");
 * - `measured-notes`: only in those notes (no stored page found): treat it as unverified;
 * - `unverified`: in neither: the figure as remembered from AWS's page; `outflow cost` prints it
 *   as an assumption.
 */
export const AWS_PRICES_CHECKED_ON = '2026-11-29';
export const AWS_PRICES_REGION = 'us-east-1';

/** One price: what is billed, per how many units, and where it was checked. */
export interface AwsPrice {
  /** USD per `per` units. */
  readonly usd: number;
  /** The billed unit count the price is for (1,000,000 for "per million"; 1 for per GB-second). */
  readonly per: number;
  /** The billed unit, as AWS words it. */
  readonly unit: string;
  /** How payload size changes the count (e.g. each 64 KB chunk is one billed unit). */
  readonly sizeRule?: string;
  /** AWS's pricing page for it. */
  readonly source: string;
  readonly confirmedBy: 'aws-page' | 'third-party-page' | 'measured-notes' | 'unverified';
  /** Where else the figure was read, when not on AWS's page. */
  readonly seenOn?: readonly string[];
}

/** The 64 KB billing chunk of EventBridge events, Pipes requests and SQS requests. */
const BILLING_CHUNK_KB = 64;

export const AWS_PRICES = {
  /** Custom events published to an event bus (PutEvents entries); delivery to a target in the same account is not billed again. */
  eventBridgeCustomEvents: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'custom event published',
    sizeRule:
      'each 64 KB chunk of a payload is billed as one event (AWS page: "an event with a 256 KB payload is billed as 4 events")',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://cloudburn.io/blog/amazon-eventbridge-pricing',
      'https://blog.awsfundamentals.com/aws-eventbridge-pricing-guide',
    ],
  },
  /** EventBridge Pipes requests, counted after filtering (filtered-out events are free). */
  pipesRequests: {
    usd: 0.4,
    per: 1_000_000,
    unit: 'Pipes request (one per event that passes the filter)',
    sizeRule:
      'each 64 KB chunk of an event is one request (third-party pages; not seen on the stored AWS page)',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://cloudburn.io/blog/amazon-eventbridge-pricing',
      'https://awsnegotiations.com/eventbridge-pipes-cost',
    ],
  },
  /** SQS standard queue API requests (first 100 billion a month). */
  sqsStandardRequests: {
    usd: 0.4,
    per: 1_000_000,
    unit: 'SQS API request (SendMessage, ReceiveMessage, DeleteMessage, their batch forms, …)',
    sizeRule: 'each 64 KB chunk of a request or response payload is billed as one request',
    source: 'https://aws.amazon.com/sqs/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://cloudburn.io/blog/amazon-sqs-pricing',
      'https://unanswered.io/guide/aws-sqs-pricing-and-cost-optimization',
    ],
  },
  /** SQS FIFO queue API requests. */
  sqsFifoRequests: {
    usd: 0.5,
    per: 1_000_000,
    unit: 'SQS FIFO API request',
    sizeRule: 'each 64 KB chunk of a request or response payload is billed as one request',
    source: 'https://aws.amazon.com/sqs/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://cloudburn.io/blog/amazon-sqs-pricing',
      'https://unanswered.io/guide/aws-sqs-pricing-and-cost-optimization',
    ],
  },
  /** Lambda invocations (requests). */
  lambdaRequests: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'Lambda invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://git.mcrn.ar/mariano/lambda_local_runner/src/branch/main/docs/lambdas-md/lambda-13-cost.md',
      'https://raw.githubusercontent.com/api-evangelist/aws-lambda/refs/heads/main/plans/aws-lambda-plans-pricing.yml',
    ],
  },
  /** Lambda duration on x86_64 (first 6 billion GB-seconds a month). */
  lambdaGbSecondX86: {
    usd: 0.0000166667,
    per: 1,
    unit: 'GB-second (memory × duration, billed per ms)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js',
      'https://git.mcrn.ar/mariano/lambda_local_runner/src/branch/main/docs/lambdas-md/lambda-13-cost.md',
    ],
  },
  /** Lambda duration on arm64 (Graviton; what Outflow's functions run on). */
  lambdaGbSecondArm64: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second (memory × duration, billed per ms)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    confirmedBy: 'third-party-page',
    seenOn: [
      'https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js',
      'https://git.mcrn.ar/mariano/lambda_local_runner/src/branch/main/docs/lambdas-md/lambda-13-cost.md',
    ],
  },
  /** DynamoDB on-demand write request units (the source table's writes; one per ≤ 1 KB written). */
  dynamoDbOnDemandWrites: {
    usd: 0.625,
    per: 1_000_000,
    unit: 'write request unit',
    sizeRule: 'one unit per 1 KB of item written',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    confirmedBy: 'measured-notes',
  },
  /**
   * DynamoDB Streams read request units (one per GetRecords call, up to 1 MB or 1,000 records).
   * AWS's DynamoDB guide ("Evaluate your DynamoDB streams usage", CostOptimization_StreamsUsage)
   * says reads by Lambda-based consumers are free and reads by any other consumer are charged; it
   * does not name Pipes, so `outflow cost` counts a Pipe's reads and says it assumed so.
   */
  dynamoDbStreamReads: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'streams read request unit (one GetRecords call)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    confirmedBy: 'unverified',
    seenOn: [
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CostOptimization_StreamsUsage.html',
    ],
  },
} as const satisfies Record<string, AwsPrice>;

export type AwsPriceTable = { readonly [K in keyof typeof AWS_PRICES]: AwsPrice };

/** USD for `units` billed units of `price`. */
export const costOf = (price: AwsPrice, units: number): number => (units * price.usd) / price.per;

/** Billed 64 KB chunks for one payload of `sizeKb` KB (at least one). */
export const chunksOf = (sizeKb: number): number => Math.max(1, Math.ceil(sizeKb / BILLING_CHUNK_KB));
