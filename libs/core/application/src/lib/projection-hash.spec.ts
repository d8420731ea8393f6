import { ValidationError } from '@outflow/core-domain';
import { canonicalJson, checkListQuery, projectionHash } from './projection-hash';

describe('Function: canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });

  it('refuses what JSON cannot hold exactly', () => {
    expect(() => canonicalJson({ n: 10n })).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow(/not a JSON number/);
  });
});

describe('Function: projectionHash', () => {
  it('is the same for equal data in any key order and differs when a value changes', () => {
    expect(projectionHash({ a: 1, b: '2' })).toBe(projectionHash({ b: '2', a: 1 }));
    expect(projectionHash({ a: 1, b: '2' })).not.toBe(projectionHash({ a: 1, b: '3' }));
    expect(projectionHash(null)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Function: checkListQuery', () => {
  it('accepts a limit from 1 to 1000 and refuses others, naming the field', () => {
    expect(() => checkListQuery({ aggregateType: 'order', limit: 1000 })).not.toThrow();
    for (const limit of [0, 1001, 2.5]) {
      let thrown: unknown;
      try {
        checkListQuery({ aggregateType: 'order', limit });
      } catch (error) {
        thrown = error;
      }
      expect(thrown instanceof ValidationError && thrown.issues.map((i) => i.path)).toEqual(['limit']);
    }
    expect(() => checkListQuery({ aggregateType: 'order', limit: 5, cursor: '' })).toThrow(/cursor/);
  });
});
