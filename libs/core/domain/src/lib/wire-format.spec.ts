import type { OutboxEvent } from './outbox-event';
import { decodeBusMessage, toBusEventDetail } from './wire-format';

const event: OutboxEvent = {
  eventId: 'e-1',
  eventType: 'order.created',
  aggregateType: 'order',
  aggregateId: 'o-1',
  aggregateVersion: 2,
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion: 1,
  state: { status: 'created' },
};

describe('Function: decodeBusMessage', () => {
  it('decodes a bus event detail into the embedded event', () => {
    expect(decodeBusMessage(JSON.stringify(toBusEventDetail(event)))).toEqual({ ok: true, value: event });
  });

  it('decodes the detail as the re-keying Pipe wraps it ({"detail": …})', () => {
    const body = JSON.stringify({ detail: toBusEventDetail(event) });
    expect(decodeBusMessage(body)).toEqual({ ok: true, value: event });
  });

  it('carries the aggregate key the re-keying Pipe groups by', () => {
    expect(toBusEventDetail(event).aggregateKey).toBe('order#o-1');
  });

  it('refuses a detail whose aggregate key names another aggregate', () => {
    const detail = { ...toBusEventDetail(event), aggregateKey: 'order#o-9' };
    const result = decodeBusMessage(JSON.stringify({ detail }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues.map((i) => i.path)).toEqual(['aggregateKey']);
  });

  it('decodes a bare outbox event', () => {
    expect(decodeBusMessage(JSON.stringify(event))).toEqual({ ok: true, value: event });
  });

  it('refuses a detail whose routing copies disagree with the event, naming each field', () => {
    const detail = { ...toBusEventDetail(event), aggregateId: 'o-2', aggregateVersion: '3' };
    const result = decodeBusMessage(JSON.stringify(detail));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues.map((i) => i.path)).toEqual(['aggregateId', 'aggregateVersion']);
  });

  it('prefixes problems inside the embedded event with "event."', () => {
    const detail = { ...toBusEventDetail(event), event: JSON.stringify({ ...event, schemaVersion: 0 }) };
    const result = decodeBusMessage(JSON.stringify(detail));
    expect(!result.ok && result.error.issues.map((i) => i.path)).toEqual(['event.schemaVersion']);
  });

  it('refuses an event field that is not a string', () => {
    const result = decodeBusMessage(JSON.stringify({ event: { ...event } }));
    expect(!result.ok && result.error.issues).toEqual([
      { path: 'event', message: expect.stringContaining('JSON string') },
    ]);
  });

  it('refuses a body that is not JSON', () => {
    const result = decodeBusMessage('not json');
    expect(!result.ok && result.error.issues[0]?.path).toBe('(body)');
  });
});
