import { EXIT_OK } from '../cli/command';
import { runBackfill, type BackfillResult } from '../ops/backfill/backfill-run';
import { opsCommand } from '../ops/ops-command';
import { COMMON_OPS_USAGE, integerOption } from '../ops/options';
import { createProgress } from '../ops/progress';

const usage = `Usage: outflow backfill --target <subscription>|all [--segments N] [--rate N] [--resume] [options]

Brings a downstream to the source's state: a parallel Scan of the source table (N segments;
outbox items skipped) turns each aggregate's current state into a change at its current version
(a tombstone into a deletion at its version), with the deterministic event id
backfill:<type>:<id>:<version>, and sends it straight to the subscription's entry queue (its
buffer queue, or its standard queue): the same consumer, IAM and DLQs as live changes, no bus
archive entries, no PutEvents cost. Safe while live changes flow: a store applies a change only
if it holds an older version. Only aggregates the subscription's rule takes are sent.

Options:
  --segments N    parallel Scan segments (1-1000, default 4)
  --rate N        at most N aggregates read per second (each is one message per target);
                  default: as fast as the scan and the queue take them
  --resume        go on from the checkpoint of an interrupted backfill of the same targets
                  (saved after every Scan page; same --segments) instead of starting over
  --page-size N   items DynamoDB reads per Scan page (1-10000; default: 1 MB pages)

Local mode sends through the running \`npm start\` (its queues live in its process): start it
first; the checkpoint is kept in its data dir (backfill/<target>.json). AWS mode (--stage) scans
the table and sends with SendMessageBatch as your credentials allow: they need dynamodb:Scan and
dynamodb:DescribeTable on the table and sqs:SendMessage on the entry queue (same-account IAM
permissions suffice; the queue policy does not need to name you); the checkpoint is kept in
.outflow-ops/<stage>-<region>/backfill/.

${COMMON_OPS_USAGE}

Exit codes: 0 every aggregate sent, 1 it failed (the checkpoint keeps what was done: --resume),
2 bad usage.`;

const format = (result: BackfillResult): string => {
  const sent = result.targets.map((t) => `${t.sent} to ${t.name} (${t.entryQueue})`).join(', ');
  const resumed = result.resumed ? ` (resumed after ${result.pagesBefore} pages)` : '';
  return `backfill from ${result.where}${resumed}: ${result.aggregates} aggregates in ${result.segments} segments, ${result.pagesScanned} pages, ${result.seconds.toFixed(1)} s (${result.aggregatesPerSecond} aggregates/s); sent ${sent}`;
};

/** `outflow backfill`. */
export const backfillCommand = opsCommand({
  name: 'backfill',
  summary: "send every aggregate's current state to a subscription's entry queue (resumable, rate-limited)",
  usage,
  flags: {
    segments: { type: 'string' },
    rate: { type: 'string' },
    resume: { type: 'boolean' },
    'page-size': { type: 'string' },
  },
  validate: ({ values }) => {
    integerOption(values, 'segments', { min: 1, max: 1000 });
    integerOption(values, 'rate', { min: 1, max: 1_000_000 });
    integerOption(values, 'page-size', { min: 1, max: 10_000 });
  },
  async run(options, environment, io) {
    const { values } = options;
    const rate = integerOption(values, 'rate', { min: 1, max: 1_000_000 });
    const pageSize = integerOption(values, 'page-size', { min: 1, max: 10_000 });
    const result = await runBackfill(
      environment,
      options.targets.map((subscription) => environment.target(subscription)),
      {
        segments: integerOption(values, 'segments', { min: 1, max: 1000 }, 4),
        resume: values.resume === true,
        ...(rate === undefined ? {} : { rate }),
        ...(pageSize === undefined ? {} : { pageSize }),
      },
      createProgress({ json: options.json, unit: 'items' }),
    );
    io.out(options.json ? JSON.stringify(result, null, 2) : format(result));
    return EXIT_OK;
  },
});
