import type { CliIo } from '../cli/command';
import { main } from '../main';

/** Issue 12, item 4: the CLI's pattern and template commands never change a number's value. */
const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('Command: render-input-template (exact numbers)', () => {
  it('prints {"n": 12345678901234567891} for the SQS body number 12345678901234567891', async () => {
    const result = await run([
      'render-input-template',
      '--template',
      '{"n": <$.body.n>}',
      '--event',
      '{"eventSource":"aws:sqs","body":"{\\"n\\": 12345678901234567891}"}',
    ]);
    expect(result).toEqual({ code: 0, out: '{"n": 12345678901234567891}', err: '' });
  });

  it('keeps a DynamoDB-style number and a top-level long decimal exact', async () => {
    const result = await run([
      'render-input-template',
      '--template',
      '{"total": <$.dynamodb.NewImage.total.N>, "ratio": <$.ratio>}',
      '--event',
      '{"dynamodb":{"NewImage":{"total":{"N":"1.23e+40"}}},"ratio":0.12345678901234567891}',
    ]);
    expect(result.out).toBe('{"total": "1.23e+40", "ratio": 0.12345678901234567891}');
  });
});

describe('Command: test-event-pattern (exact numbers)', () => {
  it.each([
    ['12345678901234567891', 'true'],
    ['12345678901234567890', 'false'],
  ])('compares 12345678901234567891 with %s exactly: %s', async (value, printed) => {
    const result = await run([
      'test-event-pattern',
      '--pattern',
      '{"detail":{"n":[12345678901234567891]}}',
      '--event',
      `{"detail":{"n":${value}}}`,
    ]);
    expect([result.code, result.out]).toEqual([0, printed]);
  });
});
