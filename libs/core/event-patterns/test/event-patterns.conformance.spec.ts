import { parseExactJson } from '@outflow/core-domain';
import { compileEventPattern, isInvalidEventPatternError, validateEventPattern } from '../src';
import { loadFixture } from './load-fixture';

interface MatchVector {
  name: string;
  pattern: unknown;
  event: unknown;
  /** The event's literal JSON text when it matters (e.g. 3.0e2 or -0.0). */
  event_raw?: string;
  matches: boolean;
  source: string;
}

interface InvalidVector {
  name: string;
  pattern: unknown;
  valid: false;
  source: string;
}

const matchVectors = loadFixture<MatchVector[]>('event-patterns.json');
const invalidVectors = loadFixture<InvalidVector[]>('event-patterns-invalid.json');

describe('Conformance: EventBridge event patterns (test/fixtures/event-patterns.json)', () => {
  it('has every vector of the shared set', () => {
    expect(matchVectors).toHaveLength(298);
  });

  it.each(matchVectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    // Prepare
    const event = vector.event_raw === undefined ? vector.event : parseExactJson(vector.event_raw);
    // Act
    const matched = compileEventPattern(vector.pattern).matches(event);
    // Assess
    expect(matched).toBe(vector.matches);
  });
});

describe('Conformance: invalid EventBridge event patterns (test/fixtures/event-patterns-invalid.json)', () => {
  it('has every vector of the shared set', () => {
    expect(invalidVectors).toHaveLength(39);
  });

  it.each(invalidVectors.map((v) => [v.name, v] as const))('%s is rejected', (_name, vector) => {
    // Act
    const result = validateEventPattern(vector.pattern);
    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isInvalidEventPatternError(result.error)).toBe(true);
    expect(() => compileEventPattern(vector.pattern)).toThrow(/: /);
  });
});
