import { backoffDelayMs, sleep } from '@outflow/core-application';
import { AWS_TIMERS } from '../time/time-scale';
import { PAYLOAD_LIMITS, stringifyExactJson, utf8Bytes } from '@outflow/core-domain';
import { compileEventPattern, type CompiledEventPattern } from '@outflow/event-patterns';
import { randomUUID } from 'node:crypto';
import type { LocalBusArchive } from './bus-archive';

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
  /** Set on an event delivered by a replay: the replay's name (as EventBridge does). */
  readonly 'replay-name'?: string;
}

/** What a replay did (`LocalEventBus.replay`). */
export interface ReplayResult {
  readonly replayName: string;
  /** Archived events in the window. */
  readonly inWindow: number;
  /** Of those, the ones the rule matched and delivered to its target again. */
  readonly replayed: number;
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
  /** Probability (0–1) that a delivery is made again (each extra copy up to `maxCopies` is drawn on its own). */
  readonly duplicateRate?: number;
  /** How many times one delivery may be made in all when duplicated (2–3). @default 2 */
  readonly maxCopies?: number;
  /** Shuffle the deliveries of each putEvents call before they reach targets. */
  readonly reorder?: boolean;
  /**
   * Probability (0–1) that a delivery is held back for a random time of up to `holdMaxMs` while
   * the bus goes on with the next events (PutEvents returns meanwhile): reordering across calls,
   * as EventBridge's late deliveries and retries do. A held delivery counts as in flight for the
   * checkpoints ({@link LocalEventBus.minOrigin}) and for idleness ({@link LocalEventBus.held}).
   */
  readonly holdRate?: number;
  /** @default 200 */
  readonly holdMaxMs?: number;
  /** Random source for the faults (default Math.random), so tests can seed it. */
  readonly random?: () => number;
  /**
   * PutEvents fails with this message while it returns one (an outage the Pipe retries, then
   * dead-letters the records).
   */
  readonly failPutEvents?: () => string | undefined;
  /**
   * A rule's target refuses deliveries with this message while it returns one (a deleted queue, a
   * queue policy that denies): the rule retries, then sends the event to the target's DLQ.
   */
  readonly failDelivery?: (ruleName: string) => string | undefined;
}

export interface BusStats {
  events: number;
  deliveries: number;
  duplicatesInjected: number;
  /** Deliveries held back by the `holdRate` fault. */
  holdsInjected: number;
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
  /** Deliveries held back by the `holdRate` fault, with the origin (stream batch) they belong to. */
  private readonly holding = new Map<Promise<void>, number | undefined>();
  readonly stats: BusStats = {
    events: 0,
    deliveries: 0,
    duplicatesInjected: 0,
    holdsInjected: 0,
    retries: 0,
    deadLettered: 0,
  };

  constructor(
    readonly name: string,
    private readonly options: {
      faults?: BusFaults;
      /** Retry backoff of a failing target (ms, time-scaled). @default AWS_TIMERS.ruleRetry (1 s doubling up to 60 s) */
      retryBackoff?: { readonly baseMs: number; readonly maxMs: number };
      region?: string;
      account?: string;
      /** The origin (stream batch ticket) of the delivery being made now, kept with a held delivery. */
      origin?: () => number | undefined;
      /** Every event put is archived here, for {@link LocalEventBus.replay}. */
      archive?: LocalBusArchive;
    } = {},
  ) {}

  /** Deliveries held back by the `holdRate` fault right now. */
  get held(): number {
    return this.holding.size;
  }

  /** The oldest origin of a held delivery (undefined when none is held), like a queue's. */
  minOrigin(): number | undefined {
    let min: number | undefined;
    for (const origin of this.holding.values())
      if (origin !== undefined && (min === undefined || origin < min)) min = origin;
    return min;
  }

  /** Resolves once every held delivery was made (or dead-lettered). */
  async drainHeld(): Promise<void> {
    while (this.holding.size > 0) await Promise.all([...this.holding.keys()]);
  }

  /**
   * StartReplay limited to ONE rule (`Destination.FilterArns` = that rule): every archived event
   * whose `time` lies in [from, to] and that the rule matches is delivered again to the rule's
   * target only, in archive order, with `replay-name` set. Resolves when every delivery was
   * accepted or dead-lettered.
   *
   * @throws Error when the bus keeps no archive, or no rule has that name.
   */
  async replay(input: {
    ruleName: string;
    from: Date;
    to: Date;
    replayName?: string;
  }): Promise<ReplayResult> {
    const archive = this.options.archive;
    if (!archive) throw new Error(`bus ${this.name} keeps no archive: nothing to replay`);
    const entry = this.rules.find(({ rule }) => rule.name === input.ruleName);
    if (!entry)
      throw new Error(
        `bus ${this.name} has no rule ${input.ruleName} (rules: ${this.rules.map(({ rule }) => rule.name).join(', ')})`,
      );
    const replayName = input.replayName ?? `replay-${input.ruleName}-${Date.now()}`;
    const events = archive.between(input.from.getTime(), input.to.getTime());
    let replayed = 0;
    for (const event of events) {
      if (!entry.pattern.matches(event)) continue;
      await this.deliver(entry.rule, { ...event, 'replay-name': replayName });
      replayed += 1;
    }
    return { replayName, inWindow: events.length, replayed };
  }

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
    const outage = this.options.faults?.failPutEvents?.();
    if (outage) throw new Error(outage);
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
    this.options.archive?.add(events);
    const deliveries: { rule: BusRule; event: BusEvent }[] = [];
    for (const event of events) {
      for (const { rule, pattern } of this.rules)
        if (pattern.matches(event)) deliveries.push({ rule, event });
    }
    for (const { rule, event } of this.planFaults(deliveries)) {
      const holdMs = this.holdFor();
      if (holdMs === undefined) await this.deliver(rule, event);
      else this.hold(rule, event, holdMs);
    }
    return events.map((e) => e.id);
  }

  /** The deliveries with the duplicate and reorder faults applied (as they are, without faults). */
  private planFaults(deliveries: { rule: BusRule; event: BusEvent }[]): { rule: BusRule; event: BusEvent }[] {
    const faults = this.options.faults;
    if (!faults) return deliveries;
    const random = faults.random ?? Math.random;
    const maxCopies = Math.min(3, Math.max(2, faults.maxCopies ?? 2));
    const planned = deliveries.flatMap((d) => {
      const copies = [d];
      while (copies.length < maxCopies && faults.duplicateRate && random() < faults.duplicateRate) {
        this.stats.duplicatesInjected += 1;
        copies.push(d);
      }
      return copies;
    });
    if (faults.reorder) {
      for (let i = planned.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [planned[i], planned[j]] = [
          planned[j] as (typeof planned)[number],
          planned[i] as (typeof planned)[number],
        ];
      }
    }
    return planned;
  }

  /** How long to hold the next delivery back (the `holdRate` fault), or undefined to deliver it now. */
  private holdFor(): number | undefined {
    const faults = this.options.faults;
    if (!faults?.holdRate) return undefined;
    const random = faults.random ?? Math.random;
    if (random() >= faults.holdRate) return undefined;
    return Math.floor(random() * (faults.holdMaxMs ?? 200));
  }

  private hold(rule: BusRule, event: BusEvent, ms: number): void {
    this.stats.holdsInjected += 1;
    const origin = this.options.origin?.();
    // The timer runs in this call's async context, so the target still sees the delivery's origin.
    const delivery: Promise<void> = sleep(ms)
      .then(() => this.deliver(rule, event))
      .finally(() => this.holding.delete(delivery));
    this.holding.set(delivery, origin);
  }

  private async deliver(rule: BusRule, event: BusEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const refused = this.options.faults?.failDelivery?.(rule.name);
        if (refused) throw new Error(refused);
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
