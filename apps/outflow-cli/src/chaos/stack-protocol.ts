import type { RuntimeStats } from '@outflow/runtime-local';
import type { RuntimeFaults } from './plan';

/** What the chaos suite gives the stack process (env `OUTFLOW_CHAOS_STACK`, JSON). */
export interface StackConfig {
  readonly dataDir: string;
  readonly dynamoDbEndpoint: string;
  readonly timeScale: number;
  /** The environment the subscriptions read (DATABASE_URL through the proxy, OPENSEARCH_URL, …). */
  readonly env: Readonly<Record<string, string>>;
  readonly faults: RuntimeFaults;
  /** Seed of this life's fault draws (the seed and how many times the stack was started). */
  readonly randomSeed: number;
}

/** Suite → stack. */
export type StackCommand =
  | { readonly type: 'idle'; readonly quietMs: number; readonly timeoutMs: number }
  /** DynamoDB requests of the stores' clients throttled for `ms`. */
  | { readonly type: 'throttle'; readonly ms: number }
  | { readonly type: 'stop' };

/** Stack → suite. */
export type StackReport =
  | { readonly type: 'ready' }
  | {
      readonly type: 'stats';
      readonly stats: RuntimeStats;
      /** DynamoDB requests throttled so far, and how many store clients could be. */
      readonly throttled: number;
      readonly throttleClients: number;
    }
  | { readonly type: 'idle'; readonly error?: string }
  | { readonly type: 'failed'; readonly message: string };
