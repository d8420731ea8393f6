import { parseExactJson } from '@outflow/core-domain';
import { compileEventPattern, renderInputTemplate, validateEventPattern } from '../src';

/** Issue 12, item 4: the matcher and the renderer never change a number's value. */
const event = (text: string): unknown => parseExactJson(text);

describe('Exact numbers: the pattern matcher', () => {
  it('matches a number past 2^53 only by its exact value (event-ruler compares such numbers by their text)', () => {
    // Prepare
    const rule = compileEventPattern(parseExactJson('{"detail": {"id": [12345678901234567891]}}'));

    // Act + Assess
    expect(rule.matches(event('{"detail": {"id": 12345678901234567891}}'))).toBe(true);
    // JSON.parse reads both as 12345678901234567000: the old matcher said true here.
    expect(rule.matches(event('{"detail": {"id": 12345678901234567890}}'))).toBe(false);
    expect(rule.matches(event('{"detail": {"id": "12345678901234567891"}}'))).toBe(false);
  });

  it('compares comparable numbers by value (300 = 3.0e2), and a longer decimal by its text', () => {
    const rule = compileEventPattern({ n: [300], m: [{ numeric: ['=', 301.8] }] });
    expect(rule.matches(event('{"n": 3.0e2, "m": 3.018e2}'))).toBe(true);
    expect(rule.matches(event('{"n": 300.000000000000000000001, "m": 301.8}'))).toBe(false);
  });

  it('never matches numeric on a number outside ±5e9, nor anything-but-excludes it by rounding', () => {
    const numeric = compileEventPattern({ n: [{ numeric: ['>', 0] }] });
    const anythingBut = compileEventPattern({ n: [{ 'anything-but': [100] }] });
    expect(numeric.matches(event('{"n": 3804086584686624768}'))).toBe(false);
    expect(anythingBut.matches(event('{"n": 100.0000000000000000001}'))).toBe(true);
  });

  it('rejects a numeric operand it cannot compare, showing its exact value', () => {
    const result = validateEventPattern(parseExactJson('{"n": [{"numeric": [">", 12345678901234567891]}]}'));
    expect(!result.ok && result.error.message).toContain('got 12345678901234567891');
  });
});

describe('Exact numbers: the input template renderer', () => {
  it('renders the SQS body number 12345678901234567891 as exactly that', () => {
    // Prepare
    const record = event('{"eventSource":"aws:sqs","body":"{\\"n\\": 12345678901234567891}"}');

    // Act
    const result = renderInputTemplate('{"n": <$.body.n>}', record);

    // Assess
    expect(result.text).toBe('{"n": 12345678901234567891}');
    expect(result.kind === 'json' && String((result.value as { n: unknown }).n)).toBe('12345678901234567891');
  });

  it('keeps 1.23e+40 and a long decimal exact in JSON values, in strings and in the whole event', () => {
    const record = event(
      '{"eventSource":"aws:sqs","body":"{\\"a\\": 1.23e+40, \\"b\\": 0.12345678901234567891}"}',
    );
    expect(renderInputTemplate('{"a": <$.body.a>, "s": "<$.body.b>"}', record).text).toBe(
      '{"a": 1.23e+40, "s": "0.12345678901234567891"}',
    );
    expect(renderInputTemplate('{"e": <aws.pipes.event.json>}', record).text).toBe(
      '{"e": {"eventSource":"aws:sqs","body":{"a":1.23e+40,"b":0.12345678901234567891}}}',
    );
  });
});
