import type { ProjectionStore } from '@outflow/core-application';

/**
 * What an operator command (`outflow reconcile --stage <stage>`) gives a subscription's app to
 * reach the app's DEPLOYED store from an operator's machine.
 *
 * @public
 */
export interface OperatorStoreContext {
  /** The subscription's name in the topology, e.g. `legacy-rdb`. */
  readonly subscription: string;
  /** The deployed stage, e.g. `prod`. */
  readonly stage: string;
  /** The AWS Region the stage runs in. */
  readonly region: string;
  /** The operator's environment (settings such as DATABASE_URL, OPENSEARCH_ENDPOINT), read-only. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A deployed downstream store opened for an operator, and how to let go of it. @public */
export interface OperatorStore {
  readonly store: ProjectionStore;
  /** Where it is, for the command's output, e.g. `PostgreSQL at db.example:5432/legacy`. */
  readonly describe: string;
  dispose(): Promise<void>;
}

/**
 * What an app's `./ops` entry (package.json exports) exports as `createOperatorStore`: opens its
 * deployed store for `outflow reconcile` in AWS mode. The CLI finds it by the subscription's `app`
 * and never names a downstream. It throws an error whose message names each missing setting and
 * what it should hold.
 */
export type OperatorStoreFactory = (context: OperatorStoreContext) => Promise<OperatorStore>;
