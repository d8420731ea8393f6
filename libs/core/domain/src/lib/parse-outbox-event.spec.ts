import { LosslessNumber } from 'lossless-json';
import { EventValidationError } from './errors';
import { parseOutboxEvent, parseOutboxEventJson } from './parse-outbox-event';

const valid = {
  eventId: 'e-1',
  eventType: 'order.created',
  aggregateType: 'order',
  aggregateId: 'o-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion: 1,
  state: { status: 'created' },
};

const issuesOf = (input: unknown) => {
  const result = parseOutboxEvent(input);
  if (result.ok) throw new Error('expected a validation failure');
  return result.error.issues;
};

describe('Function: parseOutboxEvent', () => {
  it('accepts an upsert event and keeps its fields', () => {
    expect(parseOutboxEvent(valid)).toEqual({ ok: true, value: valid });
  });

  it('accepts a deletion marker and optional correlation and causation ids', () => {
    const { state: _state, ...rest } = valid;
    const input = { ...rest, deleted: true, correlationId: 'c-1', causationId: 'k-1' };
    expect(parseOutboxEvent(input)).toEqual({ ok: true, value: input });
  });

  it('ignores fields it does not know (forward compatibility)', () => {
    const result = parseOutboxEvent({ ...valid, extra: 1 });
    expect(result.ok && 'extra' in result.value).toBe(false);
  });

  it('names every bad field in one error', () => {
    const result = parseOutboxEvent({ ...valid, eventId: '', aggregateVersion: 0, schemaVersion: 1.5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(EventValidationError);
    expect(result.error.code).toBe('EVENT_INVALID');
    expect(result.error.issues.map((i) => i.path)).toEqual(['eventId', 'aggregateVersion', 'schemaVersion']);
    expect(result.error.message).toContain('aggregateVersion: expected an integer ≥ 1, got 0');
  });

  it.each([
    ['a non-object', 'text', '(event)'],
    ['null', null, '(event)'],
    ['an array', [], '(event)'],
  ])('refuses %s as a whole', (_label, input, path) => {
    expect(issuesOf(input).map((i) => i.path)).toEqual([path]);
  });

  it.each([
    ['eventId too long', { eventId: 'x'.repeat(129) }, 'eventId', 'at most 128 characters'],
    [
      'aggregateType with a space',
      { aggregateType: 'my order' },
      'aggregateType',
      'must start with a letter',
    ],
    ['aggregateId too long for a FIFO group', { aggregateId: 'x'.repeat(101) }, 'aggregateId', 'at most 100'],
    ['eventId with a space', { eventId: 'e 1' }, 'eventId', 'printable ASCII without spaces'],
    [
      'aggregateId outside ASCII',
      { aggregateId: 'commande-é' },
      'aggregateId',
      'printable ASCII without spaces',
    ],
    [
      'an aggregate key longer than an SQS message group id',
      { aggregateType: 't'.repeat(40), aggregateId: 'x'.repeat(100) },
      'aggregateId',
      'makes the aggregate key "<aggregateType>#<aggregateId>" 141 characters; at most 128',
    ],
    ['version as a string', { aggregateVersion: '3' }, 'aggregateVersion', 'got "3"'],
    ['occurredAt not ISO', { occurredAt: 'yesterday' }, 'occurredAt', 'ISO-8601'],
    ['occurredAt impossible', { occurredAt: '2026-13-45T99:99:00Z' }, 'occurredAt', 'not a real date'],
    ['empty correlationId', { correlationId: '' }, 'correlationId', 'non-empty string'],
    ['deleted false', { deleted: false }, 'deleted', 'expected true'],
    ['state and deleted', { deleted: true }, 'state', 'must be absent'],
    ['state an array', { state: [1] }, 'state', 'expected an object, got an array'],
    ['missing eventType', { eventType: undefined }, 'eventType', 'got nothing'],
  ])('refuses %s, naming the field', (_label, patch, path, message) => {
    const issues = issuesOf({ ...valid, ...patch });
    expect(issues).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('accepts identifiers at their limits, in every character SQS takes', () => {
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    const input = { ...valid, eventId: `${punctuation}${'e'.repeat(128 - punctuation.length)}` };
    expect(parseOutboxEvent({ ...input, aggregateId: 'x'.repeat(100) }).ok).toBe(true);
    const longest = { aggregateType: 't'.repeat(27), aggregateId: 'x'.repeat(100) };
    expect(`${longest.aggregateType}#${longest.aggregateId}`).toHaveLength(128);
    expect(parseOutboxEvent({ ...valid, ...longest }).ok).toBe(true);
  });

  it('refuses an event with neither state nor a deletion marker', () => {
    const { state: _state, ...rest } = valid;
    expect(issuesOf(rest)).toEqual([{ path: 'state', message: expect.stringContaining('got neither') }]);
  });
});

describe('Function: parseOutboxEventJson', () => {
  it('parses JSON text', () => {
    expect(parseOutboxEventJson(JSON.stringify(valid))).toEqual({ ok: true, value: valid });
  });

  it('reports text that is not JSON as a body error', () => {
    const result = parseOutboxEventJson('{not json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]?.path).toBe('(body)');
  });
});

describe('Function: parseOutboxEventJson (numbers keep their exact value)', () => {
  const text = (fields: string) =>
    `{"eventId":"e-1","eventType":"order.created","aggregateType":"order","aggregateId":"o-1",` +
    `"occurredAt":"2026-11-22T10:00:00.000Z","schemaVersion":1,${fields}}`;

  it('decodes a state number of 3804086584686624768 as exactly that number', () => {
    // Act
    const result = parseOutboxEventJson(text('"aggregateVersion":1,"state":{"n":3804086584686624768}'));

    // Assess
    expect(result.ok && result.value.state).toEqual({ n: new LosslessNumber('3804086584686624768') });
    expect(result.ok && String(result.value.state?.['n'])).toBe('3804086584686624768');
  });

  it('keeps 1.23e+40 and a long decimal in the state exactly, and safe numbers as numbers', () => {
    const result = parseOutboxEventJson(
      text('"aggregateVersion":2,"state":{"big":1.23e+40,"long":0.12345678901234567891,"qty":3}'),
    );
    expect(result.ok && result.value.state).toEqual({
      big: new LosslessNumber('1.23e+40'),
      long: new LosslessNumber('0.12345678901234567891'),
      qty: 3,
    });
  });

  it.each([
    ['9007199254740993', 'expected an integer ≥ 1 of at most 9007199254740991'],
    ['9007199254740992', 'expected an integer ≥ 1 of at most 9007199254740991'],
    ['1.23e+40', 'expected an integer ≥ 1, got 1.23e+40'],
  ])('refuses aggregateVersion %s naming the field and its exact value', (version, message) => {
    // Act
    const result = parseOutboxEventJson(text(`"aggregateVersion":${version},"deleted":true`));

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([
      { path: 'aggregateVersion', message: expect.stringContaining(message) },
    ]);
    expect(result.error.message).toContain(`got ${version}`);
  });
});
