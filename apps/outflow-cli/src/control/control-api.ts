// The control API `npm start` serves on 127.0.0.1 (a free port, recorded in dev.json as `control`)
// for operator commands (`outflow backfill`, `outflow reconcile`, …): the local queues live in the
// memory of the `npm start` process and its embedded database admits one process, so commands
// reach them through here. A new route is one entry of CONTROL_ROUTES plus a method of ControlClient.
import { MAX_LIST_LIMIT } from '@outflow/core-application';
import { isRecord, parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import {
  serveHttpApi,
  UnknownSubscriptionError,
  type HttpApiRoute,
  type LocalRuntime,
  type LocalSubscription,
  type ServedHttpApi,
} from '@outflow/runtime-local';
import type { OutflowTopology } from '@outflow/topology';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  CONTROL_PREFIX,
  MAX_SEND_BODIES,
  type ControlErrorBody,
  type DeadLetterMessagesResponse,
  type DeadLetterQueuesResponse,
  type DeadLetterQueueView,
  type RedriveResponse,
  type ReplayRequest,
  type ReplayResponse,
  type StatusResponse,
  type ExpectedHashesRequest,
  type ExpectedHashesResponse,
  type HealthResponse,
  type ListStoreRequest,
  type SendMessagesResponse,
} from './control-protocol';

/** What the control routes work on: the running stack. */
export interface ControlContext {
  readonly dataDir: string;
  readonly topology: OutflowTopology;
  readonly runtime: LocalRuntime;
  readonly subscriptions: Readonly<Record<string, LocalSubscription>>;
}

/** A bad request: answered 400 `validation` with the message. */
class ControlRequestError extends Error {
  constructor(
    message: string,
    readonly kind: ControlErrorBody['error'] = 'validation',
    readonly status = 400,
  ) {
    super(message);
  }
}

const answer = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: stringifyExactJson(body) as string,
});

function jsonBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const text = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString()
      : event.body
    : '';
  let value: unknown;
  try {
    value = parseExactJson(text);
  } catch (error) {
    throw new ControlRequestError(`the body is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new ControlRequestError('the body must be a JSON object');
  return value;
}

/** A route whose handler gets the path parameters and the JSON body, and answers JSON (errors too). */
function jsonRoute(
  method: string,
  path: string,
  handle: (params: Record<string, string>, body: () => Record<string, unknown>) => Promise<unknown> | unknown,
): HttpApiRoute {
  return {
    method,
    path: `${CONTROL_PREFIX}${path}`,
    name: `control ${method} ${path}`,
    handler: async (event) => {
      try {
        const params = (event.pathParameters ?? {}) as Record<string, string>;
        return answer(200, await handle(params, () => jsonBody(event)));
      } catch (error) {
        if (error instanceof ControlRequestError)
          return answer(error.status, {
            error: error.kind,
            message: error.message,
          } satisfies ControlErrorBody);
        if (error instanceof UnknownSubscriptionError)
          return answer(404, { error: 'not-found', message: error.message } satisfies ControlErrorBody);
        throw error;
      }
    },
  };
}

function storeOf(context: ControlContext, name: string) {
  const local = context.subscriptions[name];
  if (!local)
    throw new UnknownSubscriptionError(
      name,
      context.topology.subscriptions.map((s) => s.name),
    );
  if (!local.store)
    throw new ControlRequestError(`the ${name} subscription's local entry offers no store`, 'no-store', 409);
  return local.store;
}

const health = (context: ControlContext) =>
  jsonRoute('GET', '/health', (): HealthResponse => ({
    pid: process.pid,
    dataDir: context.dataDir,
    subscriptions: context.topology.subscriptions.map((s) => s.name),
  }));

const sendMessages = (context: ControlContext) =>
  jsonRoute('POST', '/subscriptions/{name}/entry-queue/messages', (params, body): SendMessagesResponse => {
    const name = params['name'] as string;
    const bodies = body()['bodies'];
    if (!Array.isArray(bodies) || bodies.some((b) => typeof b !== 'string'))
      throw new ControlRequestError('bodies: expected an array of message bodies (strings)');
    if (bodies.length > MAX_SEND_BODIES)
      throw new ControlRequestError(`bodies: at most ${MAX_SEND_BODIES} per request, got ${bodies.length}`);
    const messageIds = context.runtime.sendToEntryQueue(name, bodies as string[]);
    return { queue: context.runtime.subscriptionRuntime(name).entryQueue.name, messageIds };
  });

const listStore = (context: ControlContext) =>
  jsonRoute('POST', '/subscriptions/{name}/store/list', (params, body) => {
    const store = storeOf(context, params['name'] as string);
    const query = body() as unknown as ListStoreRequest;
    if (typeof query.aggregateType !== 'string')
      throw new ControlRequestError('aggregateType: expected a string');
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIST_LIMIT)
      throw new ControlRequestError(`limit: expected an integer from 1 to ${MAX_LIST_LIMIT}`);
    return store.list(query);
  });

const expectedHashes = (context: ControlContext) =>
  jsonRoute('POST', '/subscriptions/{name}/store/expected-hashes', (params, body): ExpectedHashesResponse => {
    const store = storeOf(context, params['name'] as string);
    const { items } = body() as unknown as ExpectedHashesRequest;
    if (!Array.isArray(items)) throw new ControlRequestError('items: expected an array');
    return {
      hashes: items.map((item) => {
        try {
          return { hash: store.expectedHash(item.aggregateType, item.aggregateId, item.state ?? null) };
        } catch (error) {
          return { error: (error as Error).message };
        }
      }),
    };
  });

const deadLetterQueueViews = (context: ControlContext): DeadLetterQueueView[] =>
  context.runtime.deadLetterQueues().map(({ subscription, queue }) => ({
    ...queue.info(),
    ...(subscription ? { subscription } : {}),
  }));

function deadLetterQueueNamed(context: ControlContext, name: string) {
  const owner = context.runtime.deadLetterQueues().find((o) => o.queue.name === name);
  if (!owner)
    throw new ControlRequestError(
      `no DLQ named ${name}; the DLQs are ${deadLetterQueueViews(context)
        .map((q) => q.name)
        .join(', ')}`,
      'not-found',
      404,
    );
  return owner;
}

const deadLetterQueues = (context: ControlContext) =>
  jsonRoute('GET', '/dead-letter-queues', (): DeadLetterQueuesResponse => ({
    deadLetterQueues: deadLetterQueueViews(context),
  }));

const deadLetterMessages = (context: ControlContext) =>
  jsonRoute('GET', '/dead-letter-queues/{name}/messages', (params): DeadLetterMessagesResponse => {
    const { subscription, queue } = deadLetterQueueNamed(context, params['name'] as string);
    return { queue: { ...queue.info(), ...(subscription ? { subscription } : {}) }, messages: queue.list() };
  });

const redrive = (context: ControlContext) =>
  jsonRoute('POST', '/dead-letter-queues/{name}/redrive', async (params): Promise<RedriveResponse> => {
    const name = params['name'] as string;
    deadLetterQueueNamed(context, name);
    return context.runtime.redrive(name);
  });

const isoInstant = (value: unknown, field: string): Date => {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new ControlRequestError(`${field}: expected an ISO-8601 instant`);
  return new Date(time);
};

const replay = (context: ControlContext) =>
  jsonRoute('POST', '/subscriptions/{name}/replay', async (params, body): Promise<ReplayResponse> => {
    const request = body() as Partial<Record<keyof ReplayRequest, unknown>>;
    const from = isoInstant(request['from'], 'from');
    const to = isoInstant(request['to'], 'to');
    if (from > to) throw new ControlRequestError('from: must not be after to');
    return context.runtime.replay({ subscription: params['name'] as string, from, to });
  });

const status = (context: ControlContext) =>
  jsonRoute('GET', '/status', (): StatusResponse => {
    // Per subscription (or source Pipe): the reason of its newest dead letter, in any of its DLQs.
    const newest = new Map<string, { reason: string; sentAt: string }>();
    for (const { subscription, queue } of context.runtime.deadLetterQueues()) {
      const last = queue.list().at(-1);
      const key = subscription ?? queue.source;
      if (last && last.sentAt >= (newest.get(key)?.sentAt ?? '')) newest.set(key, last);
    }
    return {
      at: new Date().toISOString(),
      stats: context.runtime.stats(),
      lastError: Object.fromEntries([...newest].map(([key, { reason }]) => [key, reason])),
    };
  });

/**
 * Every control route; add yours here (and a method to ControlClient).
 *
 * @public The extension point of the control API (issue 18's routes join here).
 */
export const CONTROL_ROUTES: readonly ((context: ControlContext) => HttpApiRoute)[] = [
  health,
  sendMessages,
  listStore,
  expectedHashes,
  deadLetterQueues,
  deadLetterMessages,
  redrive,
  replay,
  status,
];

/**
 * Serves the control API on 127.0.0.1 at a free port (loopback only: it can change what every
 * downstream holds).
 */
export function serveControlApi(
  context: ControlContext,
  onError: (error: unknown, route: string) => void,
): Promise<ServedHttpApi> {
  return serveHttpApi({
    routes: CONTROL_ROUTES.map((route) => route(context)),
    port: 0,
    host: '127.0.0.1',
    onHandlerError: onError,
  });
}
