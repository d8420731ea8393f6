import type { AggregateState } from '@outflow/core-domain';
import { OutflowError, parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import type { ProjectionListQuery, ProjectionPage } from '@outflow/core-application';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunning } from '../commands/dev.command';
import {
  CONTROL_PREFIX,
  MAX_SEND_BODIES,
  type ControlErrorBody,
  type DeadLetterMessagesResponse,
  type DeadLetterQueuesResponse,
  type RedriveResponse,
  type ReplayResponse,
  type StatusResponse,
  type ExpectedHashesResponse,
  type HealthResponse,
  type SendMessagesResponse,
} from './control-protocol';

/** The control API refused a request or could not be reached; the message says why and what to do. @public */
export class ControlApiError extends OutflowError {
  readonly code = 'CONTROL_API_FAILED';
}

/**
 * A typed client of the control API a running `npm start` serves (src/control/control-api.ts).
 * Each method is one route; errors are ControlApiError naming the route and the answer.
 */
export class ControlClient {
  constructor(readonly url: string) {}

  health(): Promise<HealthResponse> {
    return this.call('GET', '/health');
  }

  /** Sends bodies to the subscription's entry queue, at most {@link MAX_SEND_BODIES} per request. */
  async sendToEntryQueue(subscription: string, bodies: readonly string[]): Promise<SendMessagesResponse> {
    const messageIds: string[] = [];
    let queue = '';
    for (let i = 0; i < bodies.length || i === 0; i += MAX_SEND_BODIES) {
      const chunk = bodies.slice(i, i + MAX_SEND_BODIES);
      const answer = await this.call<SendMessagesResponse>(
        'POST',
        `/subscriptions/${encodeURIComponent(subscription)}/entry-queue/messages`,
        { bodies: chunk },
      );
      queue = answer.queue;
      messageIds.push(...answer.messageIds);
      if (bodies.length === 0) break;
    }
    return { queue, messageIds };
  }

  /** One page of the subscription's store (`ProjectionStore.list`). */
  listStore(subscription: string, query: ProjectionListQuery): Promise<ProjectionPage> {
    return this.call('POST', `/subscriptions/${encodeURIComponent(subscription)}/store/list`, query);
  }

  /** `ProjectionStore.expectedHash` for each item, computed by the subscription's store. */
  expectedHashes(
    subscription: string,
    items: readonly { aggregateType: string; aggregateId: string; state: AggregateState | null }[],
  ): Promise<ExpectedHashesResponse> {
    return this.call('POST', `/subscriptions/${encodeURIComponent(subscription)}/store/expected-hashes`, {
      items,
    });
  }

  /** Every DLQ of the running stack with its kind, source and depth. */
  deadLetterQueues(): Promise<DeadLetterQueuesResponse> {
    return this.call('GET', '/dead-letter-queues');
  }

  /** Every message of one DLQ, oldest first (left in place). */
  deadLetterMessages(name: string): Promise<DeadLetterMessagesResponse> {
    return this.call('GET', `/dead-letter-queues/${encodeURIComponent(name)}/messages`);
  }

  /** Redrives one DLQ the way its kind is redriven (see LocalRuntime.redrive). */
  redrive(name: string): Promise<RedriveResponse> {
    return this.call('POST', `/dead-letter-queues/${encodeURIComponent(name)}/redrive`, {});
  }

  /** Replays the bus archive's events of [from, to] to the subscription's rule only. */
  replay(subscription: string, from: Date, to: Date): Promise<ReplayResponse> {
    return this.call('POST', `/subscriptions/${encodeURIComponent(subscription)}/replay`, {
      from: from.toISOString(),
      to: to.toISOString(),
    });
  }

  /** The runtime's counters now. */
  status(): Promise<StatusResponse> {
    return this.call('GET', '/status');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const route = `${method} ${CONTROL_PREFIX}${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}${CONTROL_PREFIX}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: stringifyExactJson(body) as string }),
      });
    } catch (error) {
      throw new ControlApiError(
        `cannot reach the control API of \`npm start\` at ${this.url} (${route}): ${(error as Error).message}; is it still running?`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as ControlErrorBody).message ?? text;
      } catch {
        // not JSON: quote the text
      }
      throw new ControlApiError(`npm start's control API answered ${response.status} to ${route}: ${detail}`);
    }
    return parseExactJson(text) as T;
  }
}

/**
 * The control API of the `npm start` running on `dataDir`, from its dev.json.
 * @throws ControlApiError saying to start `npm start` when none runs there, or to restart it when
 *   it predates the control API.
 */
export function controlClientFor(dataDir: string): ControlClient {
  const pid = readRunning(dataDir);
  if (pid === undefined)
    throw new ControlApiError(
      `no \`npm start\` is running on ${dataDir}: start it first (\`npm start\`${dataDir.endsWith('.outflow') ? '' : ` -- --data-dir ${dataDir}`}), then run this command again — the local queues and the embedded database live in its process`,
    );
  const state = JSON.parse(readFileSync(join(dataDir, 'dev.json'), 'utf8')) as { control?: string };
  if (!state.control)
    throw new ControlApiError(
      `the \`npm start\` running on ${dataDir} (pid ${pid}) has no control API (it was started by an older checkout): restart it`,
    );
  return new ControlClient(state.control);
}
