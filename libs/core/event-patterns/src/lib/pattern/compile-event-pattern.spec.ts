import { isInvalidEventPatternError } from '../errors';
import { compileEventPattern, validateEventPattern } from './compile-event-pattern';

const matchesEventPattern = (pattern: unknown, event: unknown): boolean =>
  compileEventPattern(pattern).matches(event);
import { flattenEvent } from './flatten-event';

const messageOf = (pattern: unknown): string => {
  const result = validateEventPattern(pattern);
  return result.ok ? 'accepted' : result.error.message;
};

describe('Function: compileEventPattern', () => {
  it('compiles once and matches many events, flattened or not', () => {
    // Prepare
    const rule = compileEventPattern({
      source: ['orders'],
      detail: { status: [{ 'anything-but': ['draft'] }] },
    });
    const paid = flattenEvent({ source: 'orders', detail: { status: 'paid' } });
    // Act + Assess
    expect(rule.matchesFlattened(paid)).toBe(true);
    expect(rule.matches({ source: 'orders', detail: { status: 'draft' } })).toBe(false);
    expect(rule.matches({ source: 'billing', detail: { status: 'paid' } })).toBe(false);
  });

  it('expands $or into one branch per alternative, sorted by path', () => {
    // Act
    const { branches } = compileEventPattern({ z: ['1'], $or: [{ b: ['2'] }, { a: ['3'] }] });
    // Assess
    expect(branches.map((branch) => branch.map((condition) => condition.path))).toEqual([
      ['b', 'z'],
      ['a', 'z'],
    ]);
  });

  it('matches an IP address written differently, as event-ruler does', () => {
    expect(
      matchesEventPattern({ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' }),
    ).toBe(true);
    expect(matchesEventPattern({ ip: ['10.0.0.1'] }, { ip: '10.0.0.2' })).toBe(false);
  });

  it('never matches numeric on a number EventBridge cannot compare (more than 6 decimals)', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, { n: 1e-7 })).toBe(false);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, { n: 0.000001 })).toBe(true);
    expect(matchesEventPattern({ n: [123456789012] }, { n: 123456789012 })).toBe(true);
  });

  it('throws InvalidEventPatternError for an invalid pattern', () => {
    let thrown: unknown;
    try {
      compileEventPattern({ detail: { state: [{ numeric: 10 }] } });
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidEventPatternError(thrown)).toBe(true);
  });
});

describe('Function: validateEventPattern', () => {
  it.each([
    [[], 'event pattern: must be a JSON object, got []'],
    ['{"a":["b"]}', 'event pattern: must be a JSON object, got "{\\"a\\":[\\"b\\"]}"'],
    [{}, 'event pattern: empty objects are not allowed'],
    [{ detail: {} }, 'detail: empty objects are not allowed'],
    [{ detail: { state: [] } }, 'detail.state: empty arrays are not allowed'],
    [
      { detail: { state: 'on' } },
      'detail.state: must be an array of values to match (e.g. ["on"]) or an object',
    ],
    [{ a: [['nested']] }, 'a: values must be strings, numbers, true, false, null or operator objects'],
    [{ a: [{}] }, 'a: an operator object holds exactly one operator, got none'],
    [
      { a: [{ prefix: 'x', suffix: 'y' }] },
      'a: an operator object holds exactly one operator, got "prefix", "suffix"',
    ],
    [{ a: [{ Prefix: 'x' }] }, 'a: unknown operator "Prefix"; operators are case-sensitive'],
    [
      { detail: { state: [{ numeric: ['>', 0, '<'] }] } },
      'detail.state: "numeric" expects pairs of operator and number',
    ],
    [{ n: [{ numeric: ['<', 5, '>', 0] }] }, 'n: "numeric" upper bound "<" must come last'],
    [
      { n: [{ numeric: ['>', 5, '<', 5] }] },
      'n: "numeric" range is empty: lower bound 5 must be below upper bound 5',
    ],
    [
      { n: [{ numeric: ['>', 6e9] }] },
      'n: "numeric" operand of ">" must be a number between -5e9 and 5e9 with at most 6 decimal places',
    ],
    [
      { n: [{ numeric: ['==', 1] }] },
      'n: "numeric" operator must be one of "=", "<", "<=", ">", ">=", got "=="',
    ],
    [
      { n: [{ 'anything-but': [1, 'a'] }] },
      'n: "anything-but" expects a string, a number, a list of only strings or only numbers',
    ],
    [
      { n: [{ 'anything-but': { contains: 'a' } }] },
      'n: "anything-but" object takes exactly one of "prefix", "suffix"',
    ],
    [
      { n: [{ 'anything-but': { wildcard: 'a**' } }] },
      'n: "anything-but" "wildcard" has consecutive "*" at position 1',
    ],
    [{ n: [{ exists: 'yes' }] }, 'n: "exists" expects true or false, got "yes"'],
    [{ $or: [{ a: ['1'] }] }, '$or: expects an array of at least 2 objects'],
    [{ d: { $or: [{ a: ['1'] }, 'b'] } }, 'd.$or: expects an array of at least 2 objects'],
    [
      { $or: [{ prefix: ['1'] }, { b: ['2'] }] },
      'prefix: "prefix" is a reserved operator name and cannot be a field name inside "$or"',
    ],
    [
      { d: { $or: [{ 'date-after': ['1'] }, { b: ['2'] }] } },
      'd.date-after: "date-after" is a reserved operator name',
    ],
    [{ f: [{ wildcard: '*a*a*a*a*' }] }, 'f: "wildcard" is too complex for EventBridge'],
  ])('rejects %j: %s', (pattern, message) => {
    expect(messageOf(pattern)).toContain(message);
  });

  it('accepts what AWS accepts, e.g. wildcards up to the complexity AWS was seen to accept', () => {
    expect(messageOf({ f: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] })).toBe('accepted');
    expect(
      messageOf({
        f: [{ wildcard: '*.bif' }, { wildcard: '*.tiff' }, { wildcard: '*.tif' }, { wildcard: '*.svs' }],
      }),
    ).toBe('accepted');
  });
});
