import { OUTBOX_BUS_ENTRY_MAX_BYTES, PAYLOAD_LIMITS } from './aws-limits';
import { outboxBusEntryBytes, outboxEventSource, utf8Bytes } from './bus-entry-size';
import { isPayloadTooLargeError, PayloadTooLargeError } from './errors';
import type { OutboxEvent } from './outbox-event';
import { toBusEventDetail } from './wire-format';

const event = (state: Record<string, unknown>): OutboxEvent => ({
  eventId: 'e-1',
  eventType: 'order.created',
  aggregateType: 'order',
  aggregateId: 'o-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion: 1,
  state,
});

describe('Function: outboxBusEntryBytes', () => {
  it('counts Time, Source, DetailType and the detail as the template lays it out (one space after ":" and ",")', () => {
    // Prepare
    const e = event({ note: 'a' });
    // The widest commit time the template renders: 10 digits of epoch seconds.
    const detail = JSON.stringify(toBusEventDetail(e, 1_800_000_000));

    // Act + Assess: 8 fields (eventId, aggregateKey, eventType, aggregateType, aggregateId,
    // aggregateVersion, approximateCreationDateTime, event) → 8 spaces after ":" and 7 after ","
    expect(outboxBusEntryBytes(e)).toBe(
      14 + 'outflow.order'.length + 'order.created'.length + detail.length + 15,
    );
  });

  it('counts the event text escaped again: one quote in the state weighs 4 bytes in the detail', () => {
    expect(outboxBusEntryBytes(event({ note: 'a"' })) - outboxBusEntryBytes(event({ note: 'ab' }))).toBe(3);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Bytes('é€😀')).toBe(2 + 3 + 4);
    expect(outboxBusEntryBytes(event({ note: 'é' })) - outboxBusEntryBytes(event({ note: 'e' }))).toBe(1);
  });
});

describe('Payload limits', () => {
  it('takes the lowest limit on the outbox path: the Pipe, 256 KB', () => {
    expect(OUTBOX_BUS_ENTRY_MAX_BYTES).toBe(262_144);
    expect(PAYLOAD_LIMITS).toEqual({
      dynamoDbItem: 409_600,
      eventBridgeEntry: 1_048_576,
      sqsMessage: 1_048_576,
      pipeEvent: 262_144,
    });
    expect(outboxEventSource('order')).toBe('outflow.order');
  });

  it('PayloadTooLargeError names the size, the limit and which one', () => {
    const error = new PayloadTooLargeError('change of order o-1', 262_145, 262_144, 'the EventBridge Pipe');
    expect(isPayloadTooLargeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', name: 'PayloadTooLargeError' });
    expect(error.message).toBe(
      'change of order o-1 is 262145 bytes; the EventBridge Pipe allows at most 262144 bytes',
    );
  });
});
