import { matchesWildcard, parseWildcard, type Wildcard, wildcardComplexity } from './wildcard';

const wildcard = (source: string): Wildcard => {
  const parsed = parseWildcard(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('Function: parseWildcard', () => {
  it('reads \\* and \\\\ as literal characters', () => {
    expect(wildcard('a\\*b\\\\c*').segments).toEqual(['a*b\\c', '']);
  });

  it.each([
    ['a**b', 'consecutive "*" at position 1'],
    ['a\\b', 'invalid escape at position 1'],
    ['ends\\', 'invalid escape at position 4'],
  ])('rejects %s, naming the position', (source, reason) => {
    const parsed = parseWildcard(source);
    expect(parsed.ok ? 'accepted' : parsed.error).toContain(reason);
  });
});

describe('Function: matchesWildcard', () => {
  it.each([
    ['*bc', 'bc', true],
    ['*bc', 'abcbc', true],
    ['d*f', 'de', false],
    ['12*4*', '12345', true],
    ['12*4*', '1235', false],
    ['a*a', 'a', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axxb', false],
    ['', '', true],
    ['abc', 'abcd', false],
  ])('%s against %s is %s', (source, value, expected) => {
    expect(matchesWildcard(wildcard(source), value)).toBe(expected);
  });
});

describe('Function: wildcardComplexity', () => {
  // Expected values come from event-ruler's MachineComplexityEvaluatorTest.
  it.each([
    [['*'], 1],
    [['*aa'], 3],
    [['a*b*bb'], 5],
    [['*ab*ad'], 4],
    [['abc'], 1],
    [['*abc', '*abcde'], 4],
    [['a*aaa', 'aa*aa'], 7],
  ])('scores %j as %i, like event-ruler', (sources, expected) => {
    expect(wildcardComplexity(sources.map(wildcard), 100)).toBe(expected);
  });

  it('stops counting once the limit is passed', () => {
    // Prepare: AWS rejects this one as too complex (LocalStack AWS-validated content_wildcard_complex_EXC).
    const tooComplex = [wildcard('*:*:*:*:*:event-bus/*')];
    // Act + Assess
    expect(wildcardComplexity(tooComplex, 100)).toBe(11);
    expect(wildcardComplexity(tooComplex, 8)).toBe(9);
  });
});
