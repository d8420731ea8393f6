// The local control API's wire format: what `npm start` serves (src/control/control-api.ts) and
// what operator commands send (src/control/control-client.ts). Bodies are JSON with exact numbers
// (`stringifyExactJson` / `parseExactJson`), so aggregate states keep every digit. Every type here
// is @public: the documented wire format of the control API.
import type { ProjectionListQuery, ProjectionPage } from '@outflow/core-application';
import type { AggregateState } from '@outflow/core-domain';
import type { RuntimeStats } from '@outflow/runtime-local';

/** Path prefix of every control route (never one of the orders API's). */
export const CONTROL_PREFIX = '/_outflow/control';

/** `GET /_outflow/control/health`. */
export interface HealthResponse {
  readonly pid: number;
  readonly dataDir: string;
  /** The subscriptions running, in topology order. */
  readonly subscriptions: readonly string[];
}

/** `POST /_outflow/control/subscriptions/{name}/entry-queue/messages`. @public */
export interface SendMessagesRequest {
  /** Message bodies (a bus event's detail as JSON text, like the rule target sends). At most 1,000. */
  readonly bodies: readonly string[];
}
export interface SendMessagesResponse {
  /** The local queue the bodies went to (`<name>-buffer` or `<name>`). */
  readonly queue: string;
  /** One message id per body, in order. */
  readonly messageIds: readonly string[];
}

/** `POST /_outflow/control/subscriptions/{name}/store/list`: a `ProjectionStore.list` page. */
export type ListStoreRequest = ProjectionListQuery;
/** @public */
export type ListStoreResponse = ProjectionPage;

/** `POST /_outflow/control/subscriptions/{name}/store/expected-hashes`: `ProjectionStore.expectedHash` per item. */
export interface ExpectedHashesRequest {
  readonly items: readonly {
    readonly aggregateType: string;
    readonly aggregateId: string;
    /** null: a tombstone. */
    readonly state: AggregateState | null;
  }[];
}
export interface ExpectedHashesResponse {
  /** One per item, in order: the hash, or why the store would refuse the state. */
  readonly hashes: readonly ({ readonly hash: string } | { readonly error: string })[];
}

/** Every error answer: `{"error": "<kind>", "message": "…"}`. */
export interface ControlErrorBody {
  readonly error: 'validation' | 'not-found' | 'no-store' | 'internal';
  readonly message: string;
}

/** The most bodies one send request may carry. */
export const MAX_SEND_BODIES = 1000;

/** One DLQ of the running stack (`GET /_outflow/control/dead-letter-queues`). */
export interface DeadLetterQueueView {
  readonly name: string;
  /** `queue` (an SQS queue's redrive policy), `rule` (EventBridge, with error attributes) or `pipe` (stream locations). */
  readonly kind: 'queue' | 'rule' | 'pipe';
  /** The queue, rule or Pipe that writes to it. */
  readonly source: string;
  /** The subscription it belongs to; absent for a source Pipe's DLQ (it holds changes no subscription got). */
  readonly subscription?: string;
  readonly depth: number;
  readonly oldestSentAt?: string;
}
export interface DeadLetterQueuesResponse {
  readonly deadLetterQueues: readonly DeadLetterQueueView[];
}

/** `GET /_outflow/control/dead-letter-queues/{name}/messages`: every message, oldest first. */
export interface DeadLetterMessagesResponse {
  readonly queue: DeadLetterQueueView;
  readonly messages: readonly {
    readonly messageId: string;
    readonly body: string;
    readonly messageAttributes: Readonly<Record<string, string>>;
    readonly groupId?: string;
    readonly receiveCount: number;
    readonly reason: string;
    readonly sentAt: string;
  }[];
}

/** `POST /_outflow/control/dead-letter-queues/{name}/redrive`. */
export interface RedriveResponse {
  readonly deadLetterQueue: string;
  readonly moved: number;
  readonly destination: string;
  /** Pipe DLQs: stream locations the stream no longer holds (`<shard> <first>…<last>`); they stay in the DLQ. */
  readonly missing?: readonly string[];
}

/** `POST /_outflow/control/subscriptions/{name}/replay`: ISO-8601 instants, `from` ≤ `to`. */
export interface ReplayRequest {
  readonly from: string;
  readonly to: string;
}
export interface ReplayResponse {
  readonly replayName: string;
  readonly inWindow: number;
  readonly replayed: number;
}

/** `GET /_outflow/control/status`: the runtime's counters (LocalRuntime.stats) and when they were read. */
export interface StatusResponse {
  readonly at: string;
  readonly stats: RuntimeStats;
  /** The last dead letter's reason per subscription (its newest DLQ message), if any. */
  readonly lastError: Readonly<Record<string, string>>;
}
