/**
 * Faults on demand, to test clients' retries: the next n requests answer 429 (or 503), or the
 * next n bulk items are rejected with 429 `rejected_execution_exception` as a busy write
 * thread pool rejects them (OpenSearch's `OpenSearchRejectedExecutionException`, whose type drops the
 * `OpenSearch` prefix: `OpenSearchException#getExceptionName`; Elasticsearch called it `es_rejected_execution_exception`).
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/bulk/ (per-item status)
 * and https://docs.opensearch.org/latest/tuning-your-cluster/availability-and-recovery/ (429 on rejected execution).
 */
import { OpenSearchError } from './errors';

const rejected = (): OpenSearchError =>
  new OpenSearchError(
    429,
    'rejected_execution_exception',
    'rejected execution of coordinating operation (local emulator fault)',
  );

/** Controls of the emulator's injected faults. */
export class Faults {
  private requests: Array<429 | 503> = [];
  private bulkItems = 0;
  private window: { readonly status: 429 | 503; readonly until: number } | undefined;

  /**
   * Every request (any call) for the next `ms` milliseconds answers `status`: 429
   * `rejected_execution_exception` (a busy cluster) or 503 `unavailable_shards_exception` (a
   * cluster that lost a primary for a while). A later call replaces the window.
   */
  answerFor(status: 429 | 503, ms: number): void {
    this.window = { status, until: Date.now() + ms };
  }

  /** The next `n` requests (any call) answer 429 `rejected_execution_exception`. */
  tooManyRequests(n = 1): void {
    for (let i = 0; i < n; i += 1) this.requests.push(429);
  }

  /** The next `n` requests (any call) answer 503 `unavailable_shards_exception`. */
  unavailable(n = 1): void {
    for (let i = 0; i < n; i += 1) this.requests.push(503);
  }

  /** The next `n` bulk items (across requests) fail with 429 in their item result. */
  rejectBulkItems(n = 1): void {
    this.bulkItems += n;
  }

  /** Clears every pending fault. */
  reset(): void {
    this.requests = [];
    this.bulkItems = 0;
    this.window = undefined;
  }

  /** Throws the next request fault, if any (called once per request). */
  takeRequestFault(): void {
    const inWindow = this.window && Date.now() < this.window.until ? this.window.status : undefined;
    const status = inWindow ?? this.requests.shift();
    if (status === 429) throw rejected();
    if (status === 503)
      throw new OpenSearchError(
        503,
        'unavailable_shards_exception',
        'primary shard is not active (local emulator fault)',
      );
  }

  /** Throws the next bulk item fault, if any (called once per bulk item). */
  takeBulkItemRejection(): void {
    if (this.bulkItems === 0) return;
    this.bulkItems -= 1;
    throw rejected();
  }
}
