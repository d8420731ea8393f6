// The one place that loads apps: each subscription's consumer comes from its app's `./local`
// entry (package.json exports), found by the subscription's `app`. Nothing here names an app.
import type { LocalStack, LocalSubscription, LocalSubscriptionFactory } from '@outflow/runtime-local';
import type { OperatorStoreFactory } from '@outflow/runtime-lambda';
import type { OutflowTopology, SubscriptionDefinition } from '@outflow/topology';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevError } from '../errors';

/** What every subscription's stack shares; `subscription` is added per subscription. */
export type StackBase = Omit<LocalStack, 'subscription'>;

/** The directory of `app`: the first of `appsDirs` holding `<app>/package.json`. */
function appDirOf(app: string, appsDirs: readonly string[]): string {
  const dir = appsDirs.map((root) => join(root, app)).find((d) => existsSync(join(d, 'package.json')));
  if (!dir)
    throw new DevError(
      `The topology names the app "${app}", but there is no ${app}/package.json in ${appsDirs.join(' or ')}. Fix the subscription's \`app\` in libs/topology, or add the app.`,
    );
  return dir;
}

/** The file an app's package.json `exports[entry]` names (a string or a `default`/`require` condition). */
function entryFileOf(appDir: string, entry: './local' | './ops', what: string): string {
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | Record<string, string>>;
  };
  const declared = manifest.exports?.[entry];
  const file = typeof declared === 'string' ? declared : (declared?.['require'] ?? declared?.['default']);
  if (!file)
    throw new DevError(
      `${join(appDir, 'package.json')} has no exports["${entry}"]. Add "exports": { "${entry}": "./src/${entry.slice(2)}.ts" } and export ${what} from that file.`,
    );
  return join(appDir, file);
}

/** Loads `name` from the app's `exports[entry]`; a DevError says what is missing. */
function loadAppExport<T>(
  subscription: SubscriptionDefinition,
  appsDirs: readonly string[],
  entry: './local' | './ops',
  name: string,
  what: string,
): T {
  const file = entryFileOf(appDirOf(subscription.app, appsDirs), entry, `\`${name}\` (${what})`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an app's entry, loaded by path
  const value = (require(file) as Record<string, unknown>)[name];
  if (typeof value !== 'function')
    throw new DevError(
      `${file} (exports["${entry}"] of ${subscription.app}) does not export a function ${name}; export ${what} under that name.`,
    );
  return value as T;
}

/**
 * Loads the `createLocalSubscription` factory of `subscription.app`.
 *
 * @internal Exported for specs that check each refusal of a broken `./local` entry directly.
 */
export function loadLocalSubscriptionFactory(
  subscription: SubscriptionDefinition,
  appsDirs: readonly string[],
): LocalSubscriptionFactory {
  return loadAppExport(
    subscription,
    appsDirs,
    './local',
    'createLocalSubscription',
    'a LocalSubscriptionFactory from @outflow/runtime-local',
  );
}

/**
 * Loads the `createOperatorStore` factory of `subscription.app` (its package.json
 * `exports["./ops"]`): how operator commands open the app's deployed store.
 *
 * @throws DevError naming the app and what its package.json or entry lacks.
 */
export function loadOperatorStoreFactory(
  subscription: SubscriptionDefinition,
  appsDirs: readonly string[],
): OperatorStoreFactory {
  return loadAppExport(
    subscription,
    appsDirs,
    './ops',
    'createOperatorStore',
    'an OperatorStoreFactory from @outflow/runtime-lambda',
  );
}

/**
 * Builds the consumer of every subscription of the topology from its app's `./local` entry, in
 * topology order. When one fails, those already built are disposed and a DevError says which
 * subscription failed and why.
 */
export async function buildLocalSubscriptions(
  topology: OutflowTopology,
  stack: StackBase,
  appsDirs: readonly string[],
): Promise<Record<string, LocalSubscription>> {
  const built: Record<string, LocalSubscription> = {};
  try {
    for (const subscription of topology.subscriptions) {
      const factory = loadLocalSubscriptionFactory(subscription, appsDirs);
      built[subscription.name] = await factory({ ...stack, subscription }).catch((error: unknown) => {
        throw new DevError(
          `The ${subscription.name} subscription (app ${subscription.app}) could not start: ${(error as Error).message}`,
        );
      });
    }
    return built;
  } catch (error) {
    await disposeAll(built, stack.warn);
    throw error;
  }
}

/** Disposes every consumer, warning about (not throwing) failures. */
export async function disposeAll(
  subscriptions: Record<string, LocalSubscription>,
  warn: (line: string) => void,
): Promise<void> {
  for (const [name, local] of Object.entries(subscriptions).reverse())
    await local
      .dispose()
      .catch((error: unknown) => warn(`while stopping ${name}: ${(error as Error).message}`));
}
