/** One item of a `_bulk` response (`items[i].index`), as OpenSearch returns it. */
export interface BulkItem {
  readonly status: number;
  readonly _version?: number;
  readonly error?: { readonly type?: string; readonly reason?: string; readonly caused_by?: unknown };
}

/** What happened to one `index` action of a bulk request. */
export type ItemResult =
  | { readonly kind: 'written' }
  /** 409: OpenSearch holds `currentVersion` ≥ the one sent (undefined when the reason does not say). */
  | { readonly kind: 'conflict'; readonly currentVersion: number | undefined }
  /** 429 or 5xx: worth another try. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** Refused for its data (400 `mapper_parsing_exception` and other 4xx): the change fails. */
  | { readonly kind: 'refused'; readonly reason: string };

/** `[id]: version conflict, current version [3] is higher or equal to the one provided [2]`. */
const CURRENT_VERSION = /current version \[(\d+)\]/;

/**
 * The reason of an item's error, without the document id OpenSearch puts in some messages (`in
 * document with id 'o-1'`, `[o-1]: …`), so one refusal reads the same for every aggregate.
 */
function itemReason(item: BulkItem, aggregateId: string): string {
  const error = item.error;
  const type = error?.type ?? `HTTP ${item.status}`;
  const cause = error?.caused_by as { type?: string; reason?: string } | undefined;
  const own = (error?.reason ?? 'no reason given')
    .replace(/ in document with id '[^']*'/, '')
    .split(`[${aggregateId}]`)
    .join('[<id>]')
    .split(`'${aggregateId}'`)
    .join("'<id>'");
  const because = cause?.reason ? ` (caused by ${cause.type ?? 'error'}: ${cause.reason})` : '';
  return `OpenSearch refused the document: ${type}: ${own}${because}`;
}

/** Classifies one bulk item. */
export function classifyItem(item: BulkItem, aggregateId: string): ItemResult {
  if (item.status >= 200 && item.status < 300) return { kind: 'written' };
  if (item.status === 409 && item.error?.type === 'version_conflict_engine_exception') {
    const match = CURRENT_VERSION.exec(item.error.reason ?? '');
    return { kind: 'conflict', currentVersion: match ? Number(match[1]) : undefined };
  }
  const reason = itemReason(item, aggregateId);
  if (item.status === 429 || item.status >= 500) return { kind: 'retry', reason };
  return { kind: 'refused', reason };
}

/** True for a status worth retrying the whole request for (429, 5xx; 0/undefined: no response). */
export const isRetryableStatus = (status: number | null | undefined): boolean =>
  !status || status === 429 || status >= 500;
