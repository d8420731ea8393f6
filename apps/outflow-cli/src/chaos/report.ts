import { DEFAULT_CHANGES } from './plan';
import type { SeedResult } from './run-seed';

const MAX_FINDINGS = 12;

const failed = (result: SeedResult) =>
  result.error !== undefined || (result.verdict?.findings.length ?? 0) > 0;

/** The faults a seed injected, with counts. */
function faults(result: SeedResult): string {
  const f = result.injected;
  return [
    `${f.duplicates} duplicate deliveries`,
    `${f.holds} held back (reordered)`,
    `${f.crashes} consumer crashes before ack`,
    `${f.kills} SIGKILL + restart`,
    `${f.pgDrops} PostgreSQL drops (${f.pgConnectionsCut} connections cut)`,
    `${f.openSearchOutages} OpenSearch 429/503 windows`,
    f.throttleClients > 0
      ? `${f.throttleWindows} DynamoDB throttling windows (${f.throttled} requests throttled)`
      : 'DynamoDB throttling n/a (no store in DynamoDB)',
    f.backfills > 0 ? `${f.backfills} concurrent backfill` : 'backfill n/a (no outflow backfill yet)',
    `${result.poison} poison changes`,
  ].join(', ');
}

/** One line per seed (plus its findings and how to reproduce it when it failed). */
export function formatSeed(result: SeedResult): string {
  const verdict = result.verdict;
  const outcome = !failed(result)
    ? `PASS (${result.injected.reconciled ? 'outflow reconcile: no drift but the dead-lettered; ' : ''}${verdict?.compared} orders in sync in every downstream; ${verdict?.deadLettered.length} dead-lettered as expected; ${verdict?.superseded.length} poison changes superseded in their batch)`
    : `FAIL`;
  const line = `seed ${result.seed}: ${result.plan.ops.length} changes over ${result.orders} orders · faults: ${faults(result)} · ${outcome} · ${result.seconds.toFixed(1)} s (${Object.entries(
    result.phases,
  )
    .map(([phase, s]) => `${phase} ${s.toFixed(1)}`)
    .join(', ')})`;
  if (!failed(result)) return line;
  const findings = (verdict?.findings ?? [])
    .slice(0, MAX_FINDINGS)
    .map((f) => `    ${f.subscription}${f.aggregateId ? ` ${f.aggregateId}` : ''}: ${f.problem}`);
  const more =
    (verdict?.findings.length ?? 0) > MAX_FINDINGS
      ? [`    … and ${(verdict?.findings.length ?? 0) - MAX_FINDINGS} more`]
      : [];
  return [
    line,
    ...(result.error ? [`    error: ${result.error}`] : []),
    ...findings,
    ...more,
    `    reproduce: npm run chaos -- --seed ${result.seed}${result.plan.ops.length !== DEFAULT_CHANGES ? ` --changes ${result.plan.ops.length}` : ''}   (kept: ${result.dataDir}, the stack's log in stack.log)`,
  ].join('\n');
}

export function formatSummary(results: readonly SeedResult[], seconds: number): string {
  const bad = results.filter(failed);
  const sum = (pick: (r: SeedResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const first = results[0]?.seed ?? 0;
  return [
    `chaos: seeds ${first}–${first + results.length - 1}: ${results.length - bad.length} passed, ${bad.length} failed in ${seconds.toFixed(0)} s (slowest seed ${Math.max(0, ...results.map((r) => r.seconds)).toFixed(1)} s)`,
    `  changes ${sum((r) => r.plan.ops.length)}, orders ${sum((r) => r.orders)}, poison ${sum((r) => r.poison)}; faults: duplicates ${sum((r) => r.injected.duplicates)}, held back ${sum((r) => r.injected.holds)}, consumer crashes ${sum((r) => r.injected.crashes)}, SIGKILLs ${sum((r) => r.injected.kills)}, PostgreSQL drops ${sum((r) => r.injected.pgDrops)}, OpenSearch outages ${sum((r) => r.injected.openSearchOutages)}, DynamoDB requests throttled ${sum((r) => r.injected.throttled)}`,
    ...(bad.length > 0
      ? [
          `  failed seeds: ${bad.map((r) => r.seed).join(', ')} — reproduce one with: npm run chaos -- --seed <seed>`,
        ]
      : []),
  ].join('\n');
}
