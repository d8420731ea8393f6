// Every downstream of the topology as `npm start` runs it: each subscription's consumer comes from
// its app's `./local` entry (package.json exports["./local"], `createLocalSubscription`), found by
// the subscription's `app` — the same entry the outflow CLI loads, so a downstream added to
// `outflowTopology` (e.g. views) is benchmarked without changing the benchmarks. Each handler is
// wrapped to stamp when each aggregate's change was acknowledged (applied) by that downstream.
import type {
  LocalStack,
  LocalSubscription,
  LocalSubscriptionFactory,
  SqsHandler,
} from '@outflow/runtime-local';
import type { OutflowTopology } from '@outflow/topology';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs, REPO_ROOT } from './bench-kit';

/** The `createLocalSubscription` of `app` (apps/<app>/package.json exports["./local"]). */
function factoryOf(app: string): LocalSubscriptionFactory {
  const dir = join(REPO_ROOT, 'apps', app);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | Record<string, string>>;
  };
  const entry = manifest.exports?.['./local'];
  const file = typeof entry === 'string' ? entry : (entry?.['require'] ?? entry?.['default']);
  if (!file) throw new Error(`apps/${app}/package.json has no exports["./local"]`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an app's local entry, loaded by path as the CLI does
  const factory = (require(join(dir, file)) as { createLocalSubscription?: LocalSubscriptionFactory })
    .createLocalSubscription;
  if (typeof factory !== 'function')
    throw new Error(`apps/${app}/${file} exports no createLocalSubscription`);
  return factory;
}

/** A downstream's consumer and, per aggregate id, when (nowMs) its newest acknowledged change was applied. */
export interface MeasuredConsumer {
  readonly name: string;
  readonly local: LocalSubscription;
  readonly handler: SqsHandler;
  readonly applied: Map<string, number>;
  /** Messages acknowledged (not reported in batchItemFailures). */
  acked: number;
}

/**
 * The aggregate id of a message body: the bus event's detail (`unordered`: the rule's target gets
 * `$.detail`) or the re-keying Pipe's `{"detail": …}` (`per-aggregate`).
 *
 * @internal Used by the measured handlers and the pipeline benchmark; exported for its spec too.
 */
export function aggregateIdOf(body: string): string {
  const parsed = JSON.parse(body) as { aggregateId?: unknown; detail?: { aggregateId?: unknown } };
  const id = parsed.detail?.aggregateId ?? parsed.aggregateId;
  if (typeof id !== 'string') throw new Error(`no aggregateId in the message body ${body.slice(0, 200)}`);
  return id;
}

function measured(name: string, local: LocalSubscription): MeasuredConsumer {
  const consumer: MeasuredConsumer = {
    name,
    local,
    applied: new Map(),
    acked: 0,
    handler: async (event, context) => {
      const response = await local.handler(event, context);
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const at = nowMs();
      for (const record of event.Records) {
        if (failed.has(record.messageId)) continue;
        consumer.acked += 1;
        consumer.applied.set(aggregateIdOf(record.body), at);
      }
      return response;
    },
  };
  return consumer;
}

/**
 * Builds every subscription's consumer of `topology` on the given stack (purpose `run`: each creates
 * and migrates what it needs). Disposes those already built when one fails.
 */
export async function buildTopologyConsumers(
  topology: OutflowTopology,
  stack: Omit<LocalStack, 'subscription' | 'purpose' | 'repoRoot' | 'log' | 'warn'>,
): Promise<MeasuredConsumer[]> {
  const built: MeasuredConsumer[] = [];
  try {
    for (const subscription of topology.subscriptions) {
      const local = await factoryOf(subscription.app)({
        ...stack,
        subscription,
        purpose: 'run',
        repoRoot: REPO_ROOT,
        log: () => undefined,
        warn: (line) => process.stderr.write(`  ${subscription.name}: ${line}\n`),
      });
      built.push(measured(subscription.name, local));
    }
    return built;
  } catch (error) {
    await disposeConsumers(built);
    throw error;
  }
}

export async function disposeConsumers(consumers: readonly MeasuredConsumer[]): Promise<void> {
  for (const consumer of [...consumers].reverse()) await consumer.local.dispose().catch(() => undefined);
}

/** `{ name: handler }` for LocalRuntime. */
export const handlersOf = (consumers: readonly MeasuredConsumer[]): Record<string, SqsHandler> =>
  Object.fromEntries(consumers.map((c) => [c.name, c.handler]));
