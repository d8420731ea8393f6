import { LosslessNumber } from 'lossless-json';
import { isExactNumberText, parseExactJson, stringifyExactJson } from './exact-json';
import { describeValue, isRecord } from './guards';

describe('Function: parseExactJson', () => {
  it('keeps numbers JavaScript holds exactly as plain numbers', () => {
    expect(parseExactJson('{"a": 300, "b": 3.0e2, "c": 0.1, "d": -1.5, "e": 9007199254740991}')).toEqual({
      a: 300,
      b: 300,
      c: 0.1,
      d: -1.5,
      e: 9007199254740991,
    });
  });

  it.each([
    ['an integer past 2^53', '3804086584686624768'],
    ['2^53 + 1', '9007199254740993'],
    ['a large number written with an exponent', '1.23e+40'],
    ['a decimal with more digits than a double holds', '0.12345678901234567891'],
    ['a negative integer past -(2^53)', '-12345678901234567891'],
  ])('keeps %s as its exact text', (_label, text) => {
    // Act
    const value = parseExactJson(`{"n": ${text}}`) as { n: unknown };

    // Assess
    expect(value.n).toEqual(new LosslessNumber(text));
    expect(isExactNumberText(value.n)).toBe(true);
    expect(stringifyExactJson(value)).toBe(`{"n":${text}}`);
  });

  it('refuses what is not JSON, and an object with one key twice', () => {
    expect(() => parseExactJson('{"a": 1,}')).toThrow(SyntaxError);
    expect(() => parseExactJson('{"a": 1, "a": 2}')).toThrow(/Duplicate key 'a'/);
  });
});

describe('Function: stringifyExactJson', () => {
  it('writes bigints and exact numbers as the numbers they are, and indents like JSON.stringify', () => {
    expect(stringifyExactJson({ a: 12345678901234567891n, b: new LosslessNumber('1.50') })).toBe(
      '{"a":12345678901234567891,"b":1.50}',
    );
    expect(stringifyExactJson({ a: [1] }, 2)).toBe(JSON.stringify({ a: [1] }, null, 2));
  });
});

describe('Guards on exact numbers', () => {
  it('isRecord does not take an exact number for an object with fields', () => {
    expect(isRecord(new LosslessNumber('1e400'))).toBe(false);
  });

  it('describeValue shows the exact value of exact numbers and bigints instead of throwing', () => {
    expect(describeValue(new LosslessNumber('3804086584686624768'))).toBe('3804086584686624768');
    expect(describeValue(9007199254740993n)).toBe('9007199254740993');
  });
});
