import { backoffDelayMs, sleep } from '@outflow/core-application';
import { AWS_TIMERS } from '../time/time-scale';
import { PAYLOAD_LIMITS, stringifyExactJson, utf8Bytes } from '@outflow/core-domain';
import { compileEventPattern, type CompiledEventPattern } from '@outflow/event-patterns';
import { randomUUID } from 'node:crypto';

/** An event as EventBridge delivers it to rule targets. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

export interface PutEventsEntry {
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
  readonly time?: string;
}

/** A rule target: resolves when the event was accepted, rejects to be retried. */
type BusTarget = (event: BusEvent) => Promise<void>;

export interface BusRule {
  readonly name: string;
  readonly eventPattern: unknown;
  readonly target: BusTarget;
  /** Retries before the event goes to the rule's DLQ. */
  readonly maximumRetryAttempts: number;
  readonly onDeadLetter: (event: BusEvent, reason: string) => void;
}

/** Test hooks that break delivery the ways AWS is allowed to (at-least-once, unordered). */
export interface BusFaults {
  /** Probability (0–1) that a delivery is made twice. */
  readonly duplicateRate?: number;
  /** Shuffle the deliveries of each putEvents call before they reach targets. */
  readonly reorder?: boolean;
  /** Random source for the faults (default Math.random), so tests can seed it. */
  readonly random?: () => number;
}

export interface BusStats {
  events: number;
  deliveries: number;
  duplicatesInjected: number;
  retries: number;
  deadLettered: number;
}

/**
 * An entry's PutEvents size as AWS counts it (eb-putevent-size.html): Time (14 bytes, if set) +
 * the UTF-8 bytes of Source, DetailType and Detail (its JSON text, numbers exact).
 */
const putEventsEntryBytes = (entry: PutEventsEntry): number =>
  utf8Bytes(entry.source) +
  utf8Bytes(entry.detailType) +
  utf8Bytes(stringifyExactJson(entry.detail) ?? '') +
  (entry.time ? 14 : 0);

/**
 * A custom event bus: rules match with EventBridge patterns (the conformance-tested matcher),
 * every matching rule's target receives the event, failed deliveries are retried with backoff
 * and then dead-lettered. Delivery is at least once; order is not guaranteed (and can be broken
 * on purpose with `faults`).
 */
export class LocalEventBus {
  private readonly rules: { rule: BusRule; pattern: CompiledEventPattern }[] = [];
  readonly stats: BusStats = { events: 0, deliveries: 0, duplicatesInjected: 0, retries: 0, deadLettered: 0 };

  constructor(
    readonly name: string,
    private readonly options: {
      faults?: BusFaults;
      /** Retry backoff of a failing target (ms, time-scaled). @default AWS_TIMERS.ruleRetry (1 s doubling up to 60 s) */
      retryBackoff?: { readonly baseMs: number; readonly maxMs: number };
      region?: string;
      account?: string;
    } = {},
  ) {}

  addRule(rule: BusRule): void {
    this.rules.push({ rule, pattern: compileEventPattern(rule.eventPattern) });
  }

  /**
   * PutEvents: 1–10 entries, each at most `PAYLOAD_LIMITS.eventBridgeEntry` (1 MB since
   * 2026-01-29) by {@link putEventsEntryBytes}, source/detail-type/detail required. Resolves when
   * every matching target accepted its event (or it was dead-lettered). Returns the event ids.
   */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<string[]> {
    if (entries.length < 1 || entries.length > 10)
      throw new Error(`PutEvents takes 1–10 entries, got ${entries.length}`);
    const events = entries.map((entry, i) => {
      if (!entry.source || !entry.detailType || entry.detail === undefined) {
        throw new Error(`PutEvents entry ${i}: Source, DetailType and Detail are required`);
      }
      const size = putEventsEntryBytes(entry);
      if (size > PAYLOAD_LIMITS.eventBridgeEntry)
        throw new Error(
          `PutEvents entry ${i} is ${size} bytes; EventBridge takes entries of at most ${PAYLOAD_LIMITS.eventBridgeEntry} bytes (1 MB)`,
        );
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.detailType,
        source: entry.source,
        account: this.options.account ?? '000000000000',
        time: entry.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: this.options.region ?? 'local',
        resources: [],
        detail: entry.detail,
      };
      return event;
    });
    this.stats.events += events.length;
    const deliveries: { rule: BusRule; event: BusEvent }[] = [];
    for (const event of events) {
      for (const { rule, pattern } of this.rules)
        if (pattern.matches(event)) deliveries.push({ rule, event });
    }
    const faults = this.options.faults;
    const random = faults?.random ?? Math.random;
    const planned = deliveries.flatMap((d) => {
      if (faults?.duplicateRate && random() < faults.duplicateRate) {
        this.stats.duplicatesInjected += 1;
        return [d, d];
      }
      return [d];
    });
    if (faults?.reorder) {
      for (let i = planned.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [planned[i], planned[j]] = [
          planned[j] as (typeof planned)[number],
          planned[i] as (typeof planned)[number],
        ];
      }
    }
    for (const { rule, event } of planned) await this.deliver(rule, event);
    return events.map((e) => e.id);
  }

  private async deliver(rule: BusRule, event: BusEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await rule.target(event);
        this.stats.deliveries += 1;
        return;
      } catch (error) {
        if (attempt >= rule.maximumRetryAttempts) {
          this.stats.deadLettered += 1;
          rule.onDeadLetter(event, (error as Error).message);
          return;
        }
        this.stats.retries += 1;
        await sleep(backoffDelayMs(attempt, this.options.retryBackoff ?? AWS_TIMERS.ruleRetry));
      }
    }
  }
}
