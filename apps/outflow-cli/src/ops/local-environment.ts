import { createClient } from '@outflow/dynamodb-local';
import { FileDeadLetters } from '@outflow/runtime-local';
import type { OutflowTopology } from '@outflow/topology';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlClientFor } from '../control/control-client';
import { devFiles, REPO_ROOT } from '../dev/dev-environment';
import { locateDataDir } from '../dev/locate-data-dir';
import { changesInDeadLetter, type DeadLetteredChange } from './dead-letter-changes';
import type { OpsEnvironment } from './environment';
import { localTarget, type OpsTarget } from './targets';

/** dev.json of a running `npm start` (src/dev/dev-environment.ts, writeState). */
interface DevState {
  readonly pid: number;
  readonly dynamodb: string;
  readonly table: string;
}

/** The changes the data dir's dead-letters.jsonl holds for the target's DLQs. */
function localDeadLetters(dataDir: string, target: OpsTarget): DeadLetteredChange[] {
  const entries = new FileDeadLetters(devFiles(dataDir).deadLetters).list();
  return target.deadLetterQueues.flatMap((queue) =>
    entries
      .filter((entry) => entry.from === queue.localFrom)
      .flatMap((entry) => {
        const payload = entry.payload as { messageId?: unknown; id?: unknown } | null;
        const messageId = String(payload?.messageId ?? payload?.id ?? entry.movedAt);
        return changesInDeadLetter(entry.payload).map((change) => ({
          ...change,
          messageId,
          queue: queue.name,
          reason: entry.reason,
        }));
      }),
  );
}

/**
 * Local mode: the `npm start` running on the data dir (`--data-dir`, else the one running from
 * this checkout, else `.outflow`). Its source table is read from DynamoDB Local directly; its
 * queues and stores (in its memory, and an embedded database only one process may open) through
 * its control API. Nothing is started here: when no `npm start` runs, this throws saying to start it.
 *
 * @throws ControlApiError when no `npm start` runs on the data dir; Error when none can be located.
 */
export function openLocalEnvironment(
  dataDirFlag: string | undefined,
  topology: OutflowTopology,
): OpsEnvironment {
  const dataDir = locateDataDir(dataDirFlag, join(REPO_ROOT, '.outflow'), REPO_ROOT);
  const control = controlClientFor(dataDir);
  const state = JSON.parse(readFileSync(devFiles(dataDir).state, 'utf8')) as DevState;
  const client = createClient(state.dynamodb);
  return {
    mode: { kind: 'local', dataDir },
    describe: `the npm start on ${dataDir} (pid ${state.pid})`,
    topology,
    sources: topology.sources.map((source) => ({ source, tableName: state.table, client })),
    stateDir: dataDir,
    target: localTarget,
    sendToEntryQueue: async (target, bodies) => {
      await control.sendToEntryQueue(target.subscription.name, bodies);
    },
    openDownstream: async (target) => {
      const name = target.subscription.name;
      return {
        describe: `the ${name} store of the npm start on ${dataDir}`,
        list: (query) => control.listStore(name, query),
        expectedHashes: async (items) => (await control.expectedHashes(name, items)).hashes,
        dispose: async () => undefined,
      };
    },
    deadLettered: async (target) => localDeadLetters(dataDir, target),
    close: async () => client.destroy(),
  };
}
