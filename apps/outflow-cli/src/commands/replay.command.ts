import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { sleep } from '@outflow/core-application';
import type { SubscriptionStats } from '@outflow/runtime-local';
import { type CliIo, EXIT_OK } from '../cli/command';
import { controlClientFor, type ControlClient } from '../control/control-client';
import { UsageError } from '../errors';
import { awsClientConfig, stageExports } from '../ops/aws-clients';
import { replayOnAws } from '../ops/aws-replay';
import type { OpsEnvironment } from '../ops/environment';
import { opsCommand } from '../ops/ops-command';
import { COMMON_OPS_USAGE, type OpsOptions } from '../ops/options';
import { createProgress } from '../ops/progress';

const usage = `Usage: outflow replay --target <subscription>|all --from <time> --to <time> [options]

Replays the bus archive's events of [--from, --to] to the target subscription(s) only: on AWS with
StartReplay limited to the subscription's rule (Destination.FilterArns), then DescribeReplay until
it is done; locally from the archive \`npm start\` keeps (.outflow/bus-archive.jsonl, the topology's
retention), then it waits until the subscription's consumer took every replayed change and prints
what it made of them. Safe on a healthy downstream: every change is a duplicate or stale (nothing
changes); on a wiped or damaged one it restores what the window's changes held.
Per-aggregate subscriptions: within 5 minutes of the original delivery, the FIFO queue drops a
replayed change as a duplicate of its event id (SQS's deduplication window) — replay older windows.

Options:
  --from <time>                start of the window, ISO-8601 (2026-11-30T08:00:00Z)
  --to <time>                  end of the window, ISO-8601, not before --from (default: now)
${COMMON_OPS_USAGE}

Exit codes: 0 replayed, 1 failed, 2 bad usage.`;

const FLAGS = { from: { type: 'string' }, to: { type: 'string' } } as const;
type Values = Record<keyof typeof FLAGS, unknown>;

const instant = (flag: string, text: unknown): Date => {
  const time = typeof text === 'string' && /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time))
    throw new UsageError(
      `--${flag} must be an ISO-8601 time such as 2026-11-30T08:00:00Z, got "${String(text)}"`,
    );
  return new Date(time);
};

/** The window from the flags. @throws UsageError naming the flag. */
function replayWindow(values: Values, now = new Date()): { from: Date; to: Date } {
  if (values.from === undefined) throw new UsageError('--from is required');
  const from = instant('from', values.from);
  const to = values.to === undefined ? now : instant('to', values.to);
  if (from > to) throw new UsageError(`--from (${from.toISOString()}) is after --to (${to.toISOString()})`);
  return { from, to };
}

const pending = (s: SubscriptionStats | undefined) => (s ? s.depth + (s.bufferDepth ?? 0) : 0);

/** Local: replay, then wait until the subscription's queues are empty; what the consumer made of it. */
async function replayLocally(
  control: ControlClient,
  name: string,
  window: { from: Date; to: Date },
  json: boolean,
) {
  const before = (await control.status()).stats.subscriptions[name] as SubscriptionStats;
  const replay = await control.replay(name, window.from, window.to);
  const progress = createProgress({ json, unit: 'changes' });
  progress.start(`${name}: waiting for the consumer`, replay.replayed);
  let after = before;
  for (;;) {
    after = (await control.status()).stats.subscriptions[name] as SubscriptionStats;
    progress.update(Math.min(replay.replayed, after.received - before.received));
    if (pending(after) === 0 && after.inFlightBatches === 0) break;
    await sleep(200);
  }
  progress.stop();
  const delta = (key: 'applied' | 'duplicate' | 'stale' | 'failed') => after[key] - before[key];
  return {
    subscription: name,
    ...replay,
    applied: delta('applied'),
    duplicate: delta('duplicate'),
    stale: delta('stale'),
    failedTries: delta('failed'),
  };
}

async function run(options: OpsOptions<Values>, environment: OpsEnvironment, io: CliIo): Promise<number> {
  const window = replayWindow(options.values);
  const mode = environment.mode;
  const results = [];
  if (mode.kind === 'local') {
    const control = controlClientFor(mode.dataDir as string);
    for (const target of options.targets)
      results.push(await replayLocally(control, target.name, window, options.json));
  } else {
    const exports = await stageExports(mode);
    const client = new EventBridgeClient(awsClientConfig(mode));
    try {
      for (const target of options.targets) {
        const { ruleName } = environment.target(target);
        const request = {
          archiveArn: exports.get('ArchiveArn', 'the backbone (root serverless.yml)'),
          busArn: exports.get('BusArn', 'the backbone (root serverless.yml)'),
          ruleName,
          ...window,
        };
        const progress = createProgress({ json: options.json, unit: 's of the window' });
        results.push({ subscription: target.name, ...(await replayOnAws(client, request, progress)) });
      }
    } finally {
      client.destroy();
    }
  }
  io.out(
    options.json
      ? JSON.stringify({ from: window.from, to: window.to, replays: results }, null, 2)
      : results.map(replayLine).join('\n'),
  );
  return EXIT_OK;
}

const replayLine = (r: Record<string, unknown>): string =>
  'applied' in r
    ? `${String(r['subscription'])}: replayed ${String(r['replayed'])} of ${String(r['inWindow'])} archived events in the window (${String(r['replayName'])}) → applied ${String(r['applied'])} · duplicate ${String(r['duplicate'])} · stale ${String(r['stale'])} · failed tries ${String(r['failedTries'])}`
    : `${String(r['subscription'])}: replay ${String(r['replayName'])} ${String(r['state'])} (rule ${String(r['ruleArn'])})`;

/** `outflow replay`: the bus archive's events of a window, again, to one subscription only. */
export const replayCommand = opsCommand({
  name: 'replay',
  summary:
    'replay the bus archive of a time window to one subscription only (StartReplay with the rule as filter)',
  usage,
  flags: FLAGS,
  validate: (options) => void replayWindow(options.values),
  run,
});
