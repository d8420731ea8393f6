import {
  AWS_PRICES_CHECKED_ON,
  AWS_PRICES_REGION,
  type CostEstimate,
  type MonthlyCost,
  monthlyCost,
  outflowTopology,
} from '@outflow/topology';
import { parseFlags } from '../cli/arguments';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { UsageError } from '../errors';

const usage = `Usage: outflow cost --changes-per-day <n> [--event-size-kb <kb>] [--batch-duration-ms <ms>] [--shards <n>] [--json]

What the configured topology (libs/topology, outflowTopology) costs a month on AWS at <n> committed
changes a day: the shared upstream (the source table's writes, the source Pipe's stream reads and
requests, the bus's events) and each downstream by its delivery mode and batch size, from the dated
price table libs/topology/src/lib/aws-prices.ts (us-east-1 list prices, no free tier). Then what
each downstream would cost in the other delivery mode and at batches of 1, 10 and 100, and every
assumption, the ones not verified on AWS's pages first. Offline: no AWS call.

Options:
  --changes-per-day <n>     committed changes a day (required; 0 or more)
  --event-size-kb <kb>      size of one bus event's detail (default 2)
  --batch-duration-ms <ms>  wall time of one consumer invocation (default 100)
  --shards <n>              shards of the source table's stream (default 1)
  --json                    print the estimate as JSON
  --help                    show this help

Exit codes: 0 printed, 2 bad usage.`;

const FLAGS = {
  'changes-per-day': { type: 'string' },
  'event-size-kb': { type: 'string' },
  'batch-duration-ms': { type: 'string' },
  shards: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** A number flag ≥ `min` (and ≤ `max`), or the default; the message names the flag. */
const numberFlag = (
  values: Record<string, unknown>,
  flag: string,
  fallback: number | undefined,
  min: number,
) => {
  const text = values[flag];
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`--${flag} is required`);
    return fallback;
  }
  const value = Number(text);
  if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(value) || value < min)
    throw new UsageError(`--${flag} must be a number ≥ ${min}, got "${String(text)}"`);
  return value;
};

const money = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

const block = (title: string, e: CostEstimate): string[] => {
  const width = Math.max(...e.lines.map((l) => l.item.length));
  return [
    `${title}: ${money(e.totalUsd)} a month`,
    ...e.lines.map(
      (l) => `  ${l.item.padEnd(width)}  ${count(l.units).padStart(13)} units  ${money(l.usd).padStart(10)}`,
    ),
  ];
};

const whatIfTable = (cost: MonthlyCost): string[] => {
  const rows = cost.downstreams.flatMap((d) =>
    (['per-aggregate', 'unordered'] as const).map((mode) => {
      const cells = d.whatIf
        .filter((w) => w.mode === mode)
        .map((w) => {
          const now = w.mode === d.mode && w.batchSize === d.batchSize ? ' (now)' : '';
          return (w.usd === undefined ? '— (FIFO ≤ 10)' : `${money(w.usd)}${now}`).padStart(16);
        });
      return `  ${d.subscription.padEnd(12)} ${mode.padEnd(14)}${cells.join('')}`;
    }),
  );
  return [
    'How delivery mode and batch size change each downstream (a month, this traffic):',
    `  ${'downstream'.padEnd(12)} ${'mode'.padEnd(14)}${['batch 1', 'batch 10', 'batch 100'].map((h) => h.padStart(16)).join('')}`,
    ...rows,
  ];
};

/** The estimate as the README shows it. */
const formatMonthlyCost = (cost: MonthlyCost): string =>
  [
    `Outflow on AWS at ${count(cost.changesPerDay)} changes a day (${count(cost.changesPerMonth)} a month of ${cost.daysPerMonth.toFixed(2)} days): ${money(cost.totalUsd)} a month`,
    `prices: ${AWS_PRICES_REGION} on-demand list prices checked ${AWS_PRICES_CHECKED_ON} (libs/topology/src/lib/aws-prices.ts), no free tier`,
    '',
    ...block('shared upstream (paid once)', cost.upstream),
    ...cost.downstreams.flatMap((d) => [
      '',
      ...block(`${d.subscription} (${d.mode}, batches of ${d.batchSize})`, d.estimate),
    ]),
    '',
    ...whatIfTable(cost),
    '',
    'Assumptions:',
    ...cost.assumptions.map((text) => `  - ${text}`),
  ].join('\n');

/** `outflow cost`: the monthly AWS bill of the configured topology at a given traffic. */
export const costCommand: Command = {
  name: 'cost',
  summary:
    'monthly AWS cost of the configured topology at N changes a day, per downstream, with what it assumes',
  usage,
  async run(args, io) {
    try {
      const values = parseFlags(args, FLAGS);
      if (values.help) {
        io.out(usage);
        return EXIT_OK;
      }
      const cost = monthlyCost(outflowTopology, {
        changesPerDay: numberFlag(values, 'changes-per-day', undefined, 0),
        eventSizeKb: numberFlag(values, 'event-size-kb', 2, 0.001),
        batchDurationMs: numberFlag(values, 'batch-duration-ms', 100, 1),
        streamShards: Math.ceil(numberFlag(values, 'shards', 1, 1)),
      });
      io.out(values.json ? JSON.stringify(cost, null, 2) : formatMonthlyCost(cost));
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`outflow cost: ${error.message}${error.withUsage ? `\n\n${usage}` : ''}`);
      return EXIT_USAGE;
    }
  },
};
