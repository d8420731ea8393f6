import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { controlClientFor } from '../control/control-client';
import { awsClientConfig, pipeDeadLetterQueues, stageExports } from '../ops/aws-clients';
import { redrivePipeOnAws } from '../ops/aws-pipe-redrive';
import {
  awsDeadLetterQueueOps,
  localDeadLetterQueueOps,
  type DeadLetterQueueOps,
  type DlqMessageView,
  type DlqView,
} from '../ops/dead-letter-queues';
import type { OpsEnvironment } from '../ops/environment';
import { opsCommand } from '../ops/ops-command';
import { COMMON_OPS_USAGE, type OpsOptions } from '../ops/options';
import { createProgress } from '../ops/progress';
import type { OpsTarget } from '../ops/targets';

const usage = `Usage: outflow dlq <list|show|redrive> --target <subscription>|all [--queue <dlq>] [options]

The dead-letter queues of a subscription, per kind, because AWS redrives them differently:
  queue  the DLQ of an SQS queue (the consumer queue's, the per-aggregate buffer queue's): redrive
         moves its messages back to that queue with StartMessageMoveTask (FIFO too; new message ids)
  rule   the rule target's DLQ, written by EventBridge with error attributes: redrive reads each
         event, sends its detail to the subscription's entry queue, and deletes it
  pipe   the source Pipe's DLQ (shared by every subscription): it holds WHERE the failed records are
         in the stream (DDBStreamBatchInfo), not the records; redrive re-reads them while the stream
         keeps them (24 h) and puts them through the Pipe's filter and template onto the bus; a
         location the stream no longer holds stays in the DLQ (exit 1): it names no aggregate, so
         run \`outflow backfill --target all\` (the whole source table; safe on live traffic)

  list     each DLQ with its kind, what writes to it and how many messages it holds
  show     each message: which kind of DLQ it came from, its reason, receive count and the change it carries
  redrive  redrive each DLQ that holds messages (or only --queue <dlq>), with progress

Options:
  --queue <dlq>                only this DLQ (its name as \`list\` prints it)
${COMMON_OPS_USAGE}

Redrive only after fixing the cause (e.g. widen the legacy column): a change that fails again returns
to its DLQ after the queue's maxReceiveCount receives. Exit codes: 0 done, 1 failed, 2 bad usage.`;

const FLAGS = { queue: { type: 'string' } } as const;
const ACTIONS = ['list', 'show', 'redrive'] as const;
type Action = (typeof ACTIONS)[number];

/** The DLQ operations of the environment's mode. */
async function openDlqOps(
  environment: OpsEnvironment,
): Promise<{ ops: DeadLetterQueueOps; close: () => void }> {
  const mode = environment.mode;
  if (mode.kind === 'local') {
    if (!mode.dataDir) throw new Error('local mode without a data dir');
    return { ops: localDeadLetterQueueOps(controlClientFor(mode.dataDir)), close: () => undefined };
  }
  const exports = await stageExports(mode);
  const config = awsClientConfig(mode);
  const sqs = new SQSClient(config);
  const eventBridge = new EventBridgeClient(config);
  const pipeDlqs = pipeDeadLetterQueues(environment.topology, exports);
  const pipeRedrive = async (dlq: DlqView, progress: Parameters<typeof redrivePipeOnAws>[2]) => {
    const source = pipeDlqs.find((p) => p.name === dlq.name)?.source ?? environment.topology.sources[0]!;
    const busArn = exports.get('BusArn', 'the backbone (root serverless.yml)');
    return redrivePipeOnAws(dlq, { sqs, eventBridge, clientConfig: config, busArn, source }, progress);
  };
  return {
    ops: awsDeadLetterQueueOps(sqs, pipeDlqs, 2000, pipeRedrive),
    close: () => {
      sqs.destroy();
      eventBridge.destroy();
    },
  };
}

/** The targets' DLQs (a source Pipe's DLQ once), narrowed to `--queue`. */
async function selectedQueues(
  ops: DeadLetterQueueOps,
  targets: readonly OpsTarget[],
  only: string | undefined,
) {
  const seen = new Set<string>();
  const out: { target: OpsTarget; dlq: DlqView }[] = [];
  for (const target of targets)
    for (const dlq of await ops.list(target))
      if (!seen.has(dlq.name) && (only === undefined || dlq.name === only)) {
        seen.add(dlq.name);
        out.push({ target, dlq });
      }
  if (only !== undefined && out.length === 0)
    throw new Error(
      `--queue ${only} is not a DLQ of ${targets.map((t) => t.subscription.name).join(', ')}: \`outflow dlq list\` names them`,
    );
  return out;
}

const KIND_TEXT: Record<DlqView['kind'], string> = {
  queue: 'DLQ of the queue',
  rule: 'DLQ of the rule target',
  pipe: 'DLQ of the source Pipe',
};

const listText = (rows: readonly { dlq: DlqView; target: OpsTarget }[]) => {
  const width = Math.max(3, ...rows.map(({ dlq }) => dlq.name.length));
  return [
    `${'DLQ'.padEnd(width)}  kind   messages  of`,
    ...rows.map(
      ({ dlq }) =>
        `${dlq.name.padEnd(width)}  ${dlq.kind.padEnd(5)}  ${String(dlq.depth).padStart(8)}  ${KIND_TEXT[dlq.kind]} ${dlq.source}${dlq.oldestSentAt ? ` (oldest ${dlq.oldestSentAt})` : ''}`,
    ),
  ].join('\n');
};

const messageText = (dlq: DlqView, m: DlqMessageView) =>
  [
    `  ${m.messageId}  from the ${KIND_TEXT[dlq.kind]} ${dlq.source}${m.sentAt ? `, dead-lettered ${m.sentAt}` : ''}, received ${m.receiveCount} time${m.receiveCount === 1 ? '' : 's'}`,
    `    reason: ${m.reason}`,
    ...(m.changes.length > 0
      ? m.changes.map((c) => `    change: ${c.aggregateType} ${c.aggregateId} version ${c.version}`)
      : [`    stream location: ${JSON.stringify(m.location ?? null)}`]),
  ].join('\n');

async function runAction(
  action: Action,
  options: OpsOptions<Record<'queue', unknown>>,
  environment: OpsEnvironment,
  io: CliIo,
): Promise<number> {
  const { ops, close } = await openDlqOps(environment);
  try {
    const targets = options.targets.map((s) => environment.target(s));
    const rows = await selectedQueues(ops, targets, options.values.queue as string | undefined);
    if (action === 'list') {
      io.out(
        options.json ? JSON.stringify({ deadLetterQueues: rows.map((r) => r.dlq) }, null, 2) : listText(rows),
      );
      return EXIT_OK;
    }
    if (action === 'show') {
      const shown = [];
      for (const { dlq } of rows)
        shown.push({ ...dlq, messages: dlq.depth === 0 ? [] : await ops.messages(dlq) });
      io.out(
        options.json
          ? JSON.stringify({ deadLetterQueues: shown }, null, 2)
          : shown
              .map((d) =>
                [
                  `${d.name} (${KIND_TEXT[d.kind]} ${d.source}): ${d.messages.length} message(s)`,
                  ...d.messages.map((m) => messageText(d, m)),
                ].join('\n'),
              )
              .join('\n\n'),
      );
      return EXIT_OK;
    }
    const results = [];
    for (const { dlq, target } of rows.filter((r) => r.dlq.depth > 0))
      results.push(await ops.redrive(dlq, target, createProgress({ json: options.json, unit: 'messages' })));
    io.out(
      options.json
        ? JSON.stringify({ redriven: results }, null, 2)
        : results.length === 0
          ? 'nothing to redrive: every selected DLQ is empty'
          : results
              .map(
                (r) =>
                  `${r.deadLetterQueue}: ${r.moved} message(s) → ${r.destination} (${r.how})${r.missing?.length ? `; not redriven (the stream no longer holds them, or they failed again): ${r.missing.join(', ')} — they stay in the DLQ; a location names no aggregate, so bring the downstreams back with \`outflow backfill --target all\`` : ''}`,
              )
              .join('\n'),
    );
    return results.some((r) => r.missing?.length) ? 1 : EXIT_OK;
  } finally {
    close();
  }
}

const actionCommand = (action: Action) =>
  opsCommand({
    name: `dlq ${action}`,
    summary: '',
    usage,
    flags: FLAGS,
    run: (options, environment, io) => runAction(action, options, environment, io),
  });

const ACTION_COMMANDS = Object.fromEntries(ACTIONS.map((a) => [a, actionCommand(a)])) as Record<
  Action,
  Command
>;

/** `outflow dlq list|show|redrive`: a subscription's dead-letter queues, redriven per kind. */
export const dlqCommand: Command = {
  name: 'dlq',
  summary: "list, show or redrive a subscription's dead-letter queues (each kind as AWS redrives it)",
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === '--help' || action === '-h') {
      io.out(usage);
      return EXIT_OK;
    }
    const command = ACTION_COMMANDS[action as Action];
    if (!command) {
      io.err(
        `outflow dlq: ${action === undefined ? 'no action given' : `unknown action "${action}"`}: use list, show or redrive\n\n${usage}`,
      );
      return EXIT_USAGE;
    }
    return command.run(rest, io);
  },
};
