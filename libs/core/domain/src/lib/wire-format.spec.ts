import { LosslessNumber } from 'lossless-json';
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

describe('Numbers through the bus detail', () => {
  it('a state number JavaScript cannot hold reaches the downstream with its exact value', () => {
    // Prepare: the detail as the Pipe renders it, with the event text holding 3804086584686624768
    const exact = { ...event, state: { n: new LosslessNumber('3804086584686624768') } };
    const body = JSON.stringify({ ...toBusEventDetail(exact), aggregateVersion: '2' });

    // Act
    const result = decodeBusMessage(body);

    // Assess
    expect(body).toContain('3804086584686624768');
    expect(result).toEqual({ ok: true, value: exact });
  });

  it('names event.aggregateVersion when the embedded version is past 2^53 - 1', () => {
    const body = JSON.stringify({
      ...toBusEventDetail(event),
      aggregateVersion: '9007199254740993',
      event: JSON.stringify(event).replace('"aggregateVersion":2', '"aggregateVersion":9007199254740993'),
    });
    const result = decodeBusMessage(body);
    expect(!result.ok && result.error.issues.map((i) => i.path)).toEqual(['event.aggregateVersion']);
    expect(!result.ok && result.error.message).toContain('got 9007199254740993');
  });
});
