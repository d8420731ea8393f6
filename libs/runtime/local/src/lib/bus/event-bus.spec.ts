import { PAYLOAD_LIMITS, parseExactJson } from '@outflow/core-domain';
import { LocalEventBus, type BusEvent } from './event-bus';

const entry = (source: string, n: number) => ({ source, detailType: 'order.created', detail: { n } });

describe('Class: LocalEventBus', () => {
  it('delivers to every rule whose pattern matches, in the EventBridge event shape', async () => {
    const bus = new LocalEventBus('bus');
    const a: BusEvent[] = [];
    const b: BusEvent[] = [];
    bus.addRule({
      name: 'orders',
      eventPattern: { source: ['outflow.order'] },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void a.push(e),
    });
    bus.addRule({
      name: 'big',
      eventPattern: { detail: { n: [{ numeric: ['>', 1] }] } },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void b.push(e),
    });
    await bus.putEvents([entry('outflow.order', 1), entry('outflow.customer', 2)]);
    expect(a).toMatchObject([
      {
        version: '0',
        source: 'outflow.order',
        'detail-type': 'order.created',
        detail: { n: 1 },
        resources: [],
      },
    ]);
    expect(b.map((e) => e.detail)).toEqual([{ n: 2 }]);
  });

  it('retries a failing target, then dead-letters with the reason', async () => {
    const bus = new LocalEventBus('bus', { retryBackoff: { baseMs: 1, maxMs: 1 } });
    let calls = 0;
    const dead: string[] = [];
    bus.addRule({
      name: 'r',
      eventPattern: { source: ['s'] },
      maximumRetryAttempts: 2,
      onDeadLetter: (_e, reason) => dead.push(reason),
      target: async () => {
        calls += 1;
        throw new Error('queue unavailable');
      },
    });
    await bus.putEvents([entry('s', 1)]);
    expect([calls, dead, bus.stats.retries]).toEqual([3, ['queue unavailable'], 2]);
  });

  it('injects duplicates and reorders deliveries when asked', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const bus = new LocalEventBus('bus', { faults: { duplicateRate: 0.5, reorder: true, random } });
    const seen: number[] = [];
    bus.addRule({
      name: 'r',
      eventPattern: { source: ['s'] },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void seen.push((e.detail as { n: number }).n),
    });
    await bus.putEvents(Array.from({ length: 10 }, (_, n) => entry('s', n)));
    expect(seen.length).toBe(10 + bus.stats.duplicatesInjected);
    expect(bus.stats.duplicatesInjected).toBeGreaterThan(0);
    expect(seen).not.toEqual([...seen].sort((x, y) => x - y));
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 10 }, (_, n) => n)));
  });

  it('delivers one event up to maxCopies (3) times when duplicating', async () => {
    const bus = new LocalEventBus('bus', { faults: { duplicateRate: 1, maxCopies: 3 } });
    const seen: number[] = [];
    bus.addRule({
      name: 'r',
      eventPattern: { source: ['s'] },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void seen.push((e.detail as { n: number }).n),
    });
    await bus.putEvents([entry('s', 1), entry('s', 2)]);
    expect(seen).toEqual([1, 1, 1, 2, 2, 2]);
    expect(bus.stats.duplicatesInjected).toBe(4);
  });

  it('holds a delivery back while later calls go on, keeping its origin until it is made', async () => {
    // Prepare: the first delivery is held 50 ms, the second is made at once.
    const draws = [0, 0.25, 0.9];
    const random = () => draws.shift() ?? 0.9;
    let origin = 1;
    const bus = new LocalEventBus('bus', {
      faults: { holdRate: 0.5, holdMaxMs: 200, random },
      origin: () => origin,
    });
    const seen: number[] = [];
    bus.addRule({
      name: 'r',
      eventPattern: { source: ['s'] },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void seen.push((e.detail as { n: number }).n),
    });

    // Act
    await bus.putEvents([entry('s', 1)]);
    origin = 2;
    await bus.putEvents([entry('s', 2)]);

    // Assess: the later event arrived first; the held one keeps origin 1 in flight until delivered.
    expect([seen, bus.held, bus.minOrigin(), bus.stats.holdsInjected]).toEqual([[2], 1, 1, 1]);
    await bus.drainHeld();
    expect([seen, bus.held, bus.minOrigin()]).toEqual([[2, 1], 0, undefined]);
  });

  it('refuses entries AWS refuses', async () => {
    const bus = new LocalEventBus('bus');
    await expect(bus.putEvents([])).rejects.toThrow('PutEvents takes 1–10 entries, got 0');
    await expect(bus.putEvents([{ source: 's', detailType: '', detail: {} }])).rejects.toThrow(
      'PutEvents entry 0: Source, DetailType and Detail are required',
    );
  });

  it('takes an entry of exactly 1 MB (AWS since 2026-01-29) and refuses one byte more, naming both', async () => {
    // Prepare: size = Source (1) + DetailType (1) + Detail '{"x":"…"}' (8 + k), as eb-putevent-size.html counts
    const bus = new LocalEventBus('bus');
    const seen: BusEvent[] = [];
    bus.addRule({
      name: 'r',
      eventPattern: { source: ['s'] },
      maximumRetryAttempts: 0,
      onDeadLetter: () => undefined,
      target: async (e) => void seen.push(e),
    });
    const k = PAYLOAD_LIMITS.eventBridgeEntry - 10;
    const sized = (extra: number) => ({ source: 's', detailType: 't', detail: { x: 'y'.repeat(k + extra) } });

    // Act + Assess
    await bus.putEvents([sized(0)]);
    expect(seen).toHaveLength(1);
    await expect(bus.putEvents([sized(1)])).rejects.toThrow(
      'PutEvents entry 0 is 1048577 bytes; EventBridge takes entries of at most 1048576 bytes (1 MB)',
    );
    expect(seen).toHaveLength(1);
  });

  it('counts the UTF-8 bytes of an entry and 14 bytes for Time, as AWS does', async () => {
    // Prepare: 'é' (2 bytes) + 't' + Time (14) + '{"n":12345678901234567891,"x":"…"}' (33 + k)
    const bus = new LocalEventBus('bus');
    const k = PAYLOAD_LIMITS.eventBridgeEntry - (2 + 1 + 14 + 33);
    const detail = (extra: number) =>
      parseExactJson(`{"n": 12345678901234567891, "x": "${'y'.repeat(k + extra)}"}`);
    const entry = (extra: number) => ({
      source: 'é',
      detailType: 't',
      detail: detail(extra),
      time: '2026-01-01T00:00:00Z',
    });

    // Act + Assess
    await expect(bus.putEvents([entry(0)])).resolves.toHaveLength(1);
    await expect(bus.putEvents([entry(1)])).rejects.toThrow('PutEvents entry 0 is 1048577 bytes');
  });
});
