import {
  aggregateKeyOf,
  coveredOutcome,
  decodeBusMessage,
  failed,
  fifoShortCircuits,
  OUTBOX_BUS_ENTRY_MAX_BYTES,
  permanentFailure,
  planBatch,
  type BatchEntry,
  type Candidate,
  type PlannedAggregate,
  type ChangeOutcome,
  type EventValidationError,
  type OutboxEvent,
  type Result,
} from '@outflow/core-domain';
import type { ProjectionStore } from './projection-store.port';

const utf8 = new TextEncoder();

/** A message as a queue delivers it. `groupId` is the FIFO message group, if any. */
export interface RawMessage {
  readonly messageId: string;
  readonly groupId?: string;
  readonly body: string;
}

export interface MessageOutcome {
  readonly messageId: string;
  /** The event the message carried, when its body could be decoded. */
  readonly eventId?: string;
  readonly outcome: ChangeOutcome;
}

export interface ApplyChangesOptions {
  /**
   * Turns a message body into an outbox event.
   * @default decodeBusMessage (a bus event detail or a bare outbox event)
   */
  readonly decode?: (body: string) => Result<OutboxEvent, EventValidationError>;
}

/**
 * Applies a batch of queued changes to one projection and reports one outcome per message, in
 * input order, so a runtime can report partial batch failures:
 * decode (each message on its own; one larger than `OUTBOX_BUS_ENTRY_MAX_BYTES` or that does not
 * decode is a PERMANENT failure, `permanentFailure`: redelivery cannot cure it) → plan (per aggregate, one candidate per version, newest
 * first) → apply every candidate through the store (it applies the newest it accepts) → map
 * outcomes back to messages → the FIFO rule per aggregate within each message group
 * (`fifoShortCircuits`: it holds back only a message left without an outcome, so a change applied,
 * stale or duplicate after a failure of its aggregate is acknowledged, never sent round again).
 */
export class ApplyChanges {
  private readonly decode: NonNullable<ApplyChangesOptions['decode']>;

  constructor(
    private readonly store: ProjectionStore,
    options: ApplyChangesOptions = {},
  ) {
    this.decode = options.decode ?? decodeBusMessage;
  }

  async execute(input: { readonly messages: readonly RawMessage[] }): Promise<MessageOutcome[]> {
    const { messages } = input;
    const outcomes = new Map<string, ChangeOutcome>();
    const eventIds = new Map<string, string>();
    const decoded: BatchEntry[] = [];

    for (const message of messages) {
      const bytes = utf8.encode(message.body).byteLength;
      if (bytes > OUTBOX_BUS_ENTRY_MAX_BYTES) {
        const reason = `oversized message: ${bytes} bytes, more than the ${OUTBOX_BUS_ENTRY_MAX_BYTES} an outbox change may have`;
        outcomes.set(message.messageId, permanentFailure(reason));
        continue;
      }
      const result = this.decode(message.body);
      if (result.ok) {
        eventIds.set(message.messageId, result.value.eventId);
        decoded.push({ messageId: message.messageId, event: result.value });
      } else {
        outcomes.set(message.messageId, permanentFailure(`malformed message: ${result.error.message}`));
      }
    }
    // Order matters per aggregate: a message's ordering key inside its FIFO group is the aggregate
    // it changes; an undecodable message (its aggregate unknown) holds back nothing else.
    const aggregateOf = new Map(decoded.map((entry) => [entry.messageId, aggregateKeyOf(entry.event)]));
    const sequenced = messages.map((m) => ({
      ...m,
      orderingKey: aggregateOf.get(m.messageId) ?? `message ${m.messageId}`,
    }));

    for (const [id, outcome] of await this.applyPlanned(planBatch(decoded))) outcomes.set(id, outcome);
    for (const [id, outcome] of fifoShortCircuits(sequenced, (messageId) => outcomes.get(messageId))) {
      outcomes.set(id, outcome);
    }
    return messages.map((m) => ({
      messageId: m.messageId,
      ...(eventIds.has(m.messageId) ? { eventId: eventIds.get(m.messageId) } : {}),
      outcome: outcomes.get(m.messageId) ?? failed('no outcome was recorded for this message'),
    }));
  }

  /** Every candidate through the store in one call; each covered message takes its candidate's outcome. */
  private async applyPlanned(plan: readonly PlannedAggregate[]): Promise<Map<string, ChangeOutcome>> {
    const candidates: readonly Candidate[] = plan.flatMap((aggregate) => aggregate.candidates);
    const results = await this.storeApply(candidates.map((candidate) => candidate.event));
    const outcomes = new Map<string, ChangeOutcome>();
    candidates.forEach((candidate, index) => {
      const outcome =
        results[index] ??
        failed(`the projection store returned no outcome for event ${candidate.event.eventId}`);
      outcomes.set(candidate.messageId, outcome);
      for (const covered of candidate.covers)
        outcomes.set(covered.messageId, coveredOutcome(candidate, outcome));
    });
    return outcomes;
  }

  private async storeApply(events: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    if (events.length === 0) return [];
    try {
      return await this.store.apply(events);
    } catch (error) {
      const reason = `projection store unavailable: ${error instanceof Error ? error.message : String(error)}`;
      return events.map(() => failed(reason));
    }
  }
}
