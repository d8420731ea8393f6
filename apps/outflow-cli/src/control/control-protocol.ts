// The local control API's wire format: what `npm start` serves (src/control/control-api.ts) and
// what operator commands send (src/control/control-client.ts). Bodies are JSON with exact numbers
// (`stringifyExactJson` / `parseExactJson`), so aggregate states keep every digit. Every type here
// is @public: the documented wire format of the control API.
import type { ProjectionListQuery, ProjectionPage } from '@outflow/core-application';
import type { AggregateState } from '@outflow/core-domain';

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
