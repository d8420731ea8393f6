import { backoffDelayMs } from '@outflow/core-application';
import { classifyItem, isRetryableStatus, type BulkItem, type ItemResult } from './bulk-items';
import { isOpenSearchUnavailableError, OpenSearchUnavailableError } from './errors';
import type { OpenSearchClient, OpenSearchRetryOptions } from './options';
import type { SearchDocument } from '@outflow/core-application';

/** One `index` action: a whole document at an external version. */
export interface IndexAction {
  readonly id: string;
  readonly version: number;
  readonly document: SearchDocument;
}

export interface BulkWriterOptions {
  readonly client: OpenSearchClient;
  readonly retry: OpenSearchRetryOptions;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  readonly random?: () => number;
}

/** The status and reason of a failed request (`ResponseError` of the client, or a connection error). */
export function requestFailure(error: unknown): { status: number | undefined; reason: string } {
  const e = error as {
    statusCode?: number;
    body?: { error?: { type?: string; reason?: string } };
    message?: string;
  };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const body = e?.body?.error;
  const reason = body?.type ? `${body.type}: ${body.reason ?? ''}` : (e?.message ?? String(error));
  return { status, reason: status ? `HTTP ${status} ${reason}` : reason };
}

/**
 * Writes `index` actions with `version_type=external` through `alias` (`POST /<alias>/_bulk`,
 * never `/_bulk`: the IAM policy allows only the alias's paths) and returns one result per
 * action. Items answered 429 or 5xx are sent again — only those — after an exponential backoff
 * with full jitter (`random() × backoffDelayMs(attempt)`), up to `retry.maxAttempts` tries in all;
 * those still failing come back as `retry` results. A request-level 429/5xx or connection error is
 * retried the same way.
 *
 * @throws OpenSearchUnavailableError when the request itself still fails after the last try, or
 * fails for a reason that is not retryable (e.g. 400/403 on the whole request).
 */
export async function writeBulk(
  options: BulkWriterOptions,
  alias: string,
  actions: readonly IndexAction[],
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(actions.length);
  let pending = actions.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0)
      await options.sleep((options.random ?? Math.random)() * backoffDelayMs(attempt - 1, options.retry));
    const last = attempt + 1 >= options.retry.maxAttempts;
    const items = await sendOnce(
      options.client,
      alias,
      pending.map((i) => actions[i] as IndexAction),
      last,
    );
    if (items === undefined) continue;
    const again: number[] = [];
    items.forEach((item, k) => {
      const i = pending[k] as number;
      const result = classifyItem(item, (actions[i] as IndexAction).id);
      if (result.kind === 'retry' && !last) again.push(i);
      else results[i] = result;
    });
    pending = again;
  }
  return results;
}

/** One bulk request; undefined when it failed retryably and another try is allowed. */
async function sendOnce(
  client: OpenSearchClient,
  alias: string,
  actions: readonly IndexAction[],
  last: boolean,
): Promise<BulkItem[] | undefined> {
  const body = actions.flatMap((a) => [
    { index: { _id: a.id, version: a.version, version_type: 'external' } },
    a.document,
  ]);
  try {
    const response = await client.bulk({ index: alias, body });
    const items = (response.body.items as Array<Record<string, BulkItem>>).map(
      (entry) => (entry['index'] ?? Object.values(entry)[0]) as BulkItem,
    );
    if (items.length !== actions.length)
      throw new OpenSearchUnavailableError(
        `OpenSearch answered ${items.length} bulk items for ${actions.length} actions`,
      );
    return items;
  } catch (error) {
    if (isOpenSearchUnavailableError(error)) throw error;
    const { status, reason } = requestFailure(error);
    if (isRetryableStatus(status) && !last) return undefined;
    throw new OpenSearchUnavailableError(`OpenSearch could not write to ${alias}: ${reason}`, {
      cause: error,
    });
  }
}
