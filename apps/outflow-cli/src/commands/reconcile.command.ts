import { EXIT_OK } from '../cli/command';
import { opsCommand } from '../ops/ops-command';
import { COMMON_OPS_USAGE, integerOption } from '../ops/options';
import { createProgress } from '../ops/progress';
import { runReconcile, type ReconcileResult } from '../ops/reconcile/reconcile-run';

/** How many differences the text output lists per subscription (--json lists all). */
const SHOWN = 20;

const usage = `Usage: outflow reconcile --target <subscription>|all [--repair] [--sample N] [options]

Proves a downstream holds the source's state: scans the source table (parallel segments) and
enumerates the downstream through its store's listing (ProjectionStore.list), comparing per
aggregate the version, the tombstone and a hash of the fields the downstream keeps. What differs
is re-checked after a grace period (a change in flight is not drift): the source read again, the
store listed again. Prints per subscription how many are in sync / missing / stale / extra /
differs / dead-lettered and the first differences. An aggregate whose newest change sits in one
of the subscription's DLQs is reported as \`stale (dead-lettered: <message id>)\`.

Options:
  --repair          repair exactly the drifted aggregates: missing, stale and dead-lettered ones
                    get their current state (a backfill change, to the entry queue); an extra one
                    (gone from the source without a deletion event) a deletion at the downstream's
                    version + 1; one that differs at the source's own version is re-sent from the
                    source (a change at version + 1 with the same state, through the outbox, which
                    every downstream receives). Run reconcile again once they are applied.
  --sample N        compare N aggregates of the source drawn at random (extras are not looked for)
  --grace S         seconds a difference must last to count (0-3600, default 10)
  --segments N      parallel Scan segments (1-1000, default 4)
  --page-size N     items DynamoDB reads per Scan page (1-10000; default: 1 MB pages)

AWS mode (--stage) lists each downstream through its app's ./ops entry (createOperatorStore), which
reads its settings from your environment (README, "Backfill and reconcile", names them per app).
DLQs are peeked (received, then made visible again at once). --repair also
needs dynamodb:PutItem on the table for re-sent changes.

${COMMON_OPS_USAGE}

Exit codes: 0 no drift (with --repair: every drifted aggregate got a repair), 1 drift (or a
failure), 2 bad usage.`;

function format(result: ReconcileResult): string {
  const lines = [
    `reconcile against ${result.where}${result.sampled !== undefined ? ` (a sample of ${result.sampled})` : ''}:`,
  ];
  for (const target of result.targets) {
    const c = target.counts;
    lines.push(
      `  ${target.name} (${target.store}): ${c.compared} compared · ${c.inSync} in sync · ${c.missing} missing · ${c.stale} stale · ${c.extra} extra · ${c.differs} differs · ${c.deadLettered} dead-lettered`,
    );
    for (const d of target.differences.slice(0, SHOWN))
      lines.push(
        `    ${d.aggregateType} ${d.aggregateId}: ${d.label} — ${d.detail}${d.repair ? ` → ${d.repair}` : ''}`,
      );
    if (target.differences.length > SHOWN)
      lines.push(`    … and ${target.differences.length - SHOWN} more (--json lists all)`);
  }
  if (result.drift === 0) lines.push('no drift');
  else if (result.unrepaired === undefined)
    lines.push(`drift: ${result.drift} aggregate(s); --repair fixes them`);
  else
    lines.push(
      `drift: ${result.drift} aggregate(s); repairs sent for ${result.drift - result.unrepaired}${result.unrepaired > 0 ? `, ${result.unrepaired} not repairable` : ''}; run reconcile again once they are applied`,
    );
  return lines.join('\n');
}

/** `outflow reconcile`. */
export const reconcileCommand = opsCommand({
  name: 'reconcile',
  summary: 'compare every aggregate of the source with each downstream store; --repair fixes the drift',
  usage,
  flags: {
    repair: { type: 'boolean' },
    sample: { type: 'string' },
    grace: { type: 'string' },
    segments: { type: 'string' },
    'page-size': { type: 'string' },
  },
  validate: ({ values }) => {
    integerOption(values, 'sample', { min: 1, max: 10_000_000 });
    integerOption(values, 'grace', { min: 0, max: 3600 });
    integerOption(values, 'segments', { min: 1, max: 1000 });
    integerOption(values, 'page-size', { min: 1, max: 10_000 });
  },
  async run(options, environment, io) {
    const { values } = options;
    const sample = integerOption(values, 'sample', { min: 1, max: 10_000_000 });
    const pageSize = integerOption(values, 'page-size', { min: 1, max: 10_000 });
    const result = await runReconcile(
      environment,
      options.targets.map((subscription) => environment.target(subscription)),
      {
        segments: integerOption(values, 'segments', { min: 1, max: 1000 }, 4),
        graceMs: integerOption(values, 'grace', { min: 0, max: 3600 }, 10) * 1000,
        repair: values.repair === true,
        ...(sample === undefined ? {} : { sample }),
        ...(pageSize === undefined ? {} : { pageSize }),
      },
      createProgress({ json: options.json, unit: 'items' }),
    );
    io.out(options.json ? JSON.stringify(result, null, 2) : format(result));
    if (result.unrepaired !== undefined) return result.unrepaired === 0 ? EXIT_OK : 1;
    return result.drift === 0 ? EXIT_OK : 1;
  },
});
