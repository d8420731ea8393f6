import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OutflowError } from '@outflow/core-domain';
import type { ProjectionStore } from '@outflow/core-application';
import type { SubscriptionDefinition } from '@outflow/topology';
import type { SqsHandler } from '../consumer/sqs-consumer';

/**
 * What the local stack (`npm start`) offers a subscription's app when it plugs its consumer in.
 * An app reads its settings from `env` (never from `process.env`) and keeps whatever it stores
 * locally under `dataDir`.
 */
export interface LocalStack {
  /** The subscription of `outflowTopology` this consumer serves (name, app, rule, queue, consumer). */
  readonly subscription: SubscriptionDefinition;
  /**
   * The local stack's data directory (`.outflow` by default, `--data-dir`): absolute, writable,
   * kept across runs, deleted by `--reset`. Keep your files in a subdirectory of your own.
   */
  readonly dataDir: string;
  /** Where the repository is (e.g. for committed migrations), absolute. */
  readonly repoRoot: string;
  /** DynamoDB Local's endpoint, e.g. `http://127.0.0.1:8123` (for a store in DynamoDB). */
  readonly dynamoDbEndpoint: string;
  /** The environment the stack was started with (e.g. `DATABASE_URL`), read-only. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * `run`: the consumer will receive messages (`npm start`) — create and migrate what it needs.
   * `inspect`: only `store.read` will be called (`outflow show` with nothing running) — open
   * what exists, change nothing.
   */
  readonly purpose: 'run' | 'inspect';
  /** One line for the user, printed as is. */
  readonly log: (line: string) => void;
  /** One line for the user about something that went wrong but did not stop the stack. */
  readonly warn: (line: string) => void;
  /**
   * Call it with every DynamoDB client the consumer's store uses, once, before first use: the
   * stack may add SDK middleware to it (the chaos suite injects `ProvisionedThroughputExceededException`
   * and `ThrottlingException`, which DynamoDB Local never answers). Absent under `npm start`.
   */
  readonly instrumentDynamoDbClient?: (client: DynamoDBClient) => void;
}

/**
 * A subscription's consumer as the local runtime runs it: the app's Lambda handler (the same code
 * its deployed function runs, wired to local resources), the store it writes (for `outflow show`),
 * and how to let go of what it opened.
 */
export interface LocalSubscription {
  /** Invoked with SQS events from the subscription's local queue (FIFO or standard, by delivery mode); honours `batchItemFailures`. */
  readonly handler: SqsHandler;
  /** The downstream store the handler writes, read back by `outflow show` through `read`. */
  readonly store?: ProjectionStore;
  /** Where the store keeps its data, for the ready banner, e.g. `embedded PGlite in .outflow/legacy-db`. */
  readonly describe?: string;
  /**
   * Settings this downstream offers the local HTTP API's handlers (set in their environment, as
   * the app's serverless.ts sets them on AWS), e.g. `{ OPENSEARCH_ENDPOINT: 'http://127.0.0.1:9200' }`
   * for a route that reads the downstream. Keys already set by another subscription are refused.
   */
  readonly apiEnv?: Readonly<Record<string, string>>;
  /** Closes what the factory opened (connections, embedded databases). Called once, on stop. */
  dispose(): Promise<void>;
}

/**
 * What an app's `./local` entry exports as `createLocalSubscription`: builds the consumer of one
 * subscription for the local stack. It throws `LocalSubscriptionError` (or any error whose message
 * says what is wrong and what to do) when it cannot start; the stack then stops what it started.
 *
 * @example
 * // apps/search-sync/package.json: "exports": { "./local": "./src/local.ts" }
 * // apps/search-sync/src/local.ts
 * export const createLocalSubscription: LocalSubscriptionFactory = async (stack) => {
 *   const store = new InMemoryProjectionStore();
 *   return { handler: createSqsApplyHandler(new ApplyChanges(store)), store, dispose: async () => {} };
 * };
 */
export type LocalSubscriptionFactory = (stack: LocalStack) => Promise<LocalSubscription>;

/** A subscription's consumer could not start locally; the message says why and what to do. */
export class LocalSubscriptionError extends OutflowError {
  readonly code = 'LOCAL_SUBSCRIPTION_FAILED';
}
