import { isInputTemplateError } from '../errors';
import { compileInputTemplate, renderInputTemplate, renderInputTemplateBatch } from './render-input-template';

const record = {
  eventName: 'INSERT',
  dynamodb: {
    Keys: { id: { S: 'o-1' } },
    NewImage: { note: { S: 'say "hi"\nbye' }, lines: { L: [{ S: 'a' }, { S: 'b' }] }, gone: { NULL: true } },
  },
};

const errorOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    if (isInputTemplateError(error)) return error.message;
    throw error;
  }
  return 'rendered';
};

describe('Function: renderInputTemplate', () => {
  it('escapes strings placed inside a JSON string and keeps the output JSON', () => {
    // Act
    const result = renderInputTemplate('{"msg": "<$.eventName>: <$.dynamodb.NewImage.note.S>"}', record);
    // Assess
    expect(result).toMatchObject({ kind: 'json', value: { msg: 'INSERT: say "hi"\nbye' } });
  });

  it('follows [index] and [*] steps', () => {
    const result = renderInputTemplate(
      '{"first": <$.dynamodb.NewImage.lines.L[0].S>, "all": <$.dynamodb.NewImage.lines.L[*].S>}',
      record,
    );
    expect(result).toMatchObject({ kind: 'json', value: { first: 'a', all: ['a', 'b'] } });
  });

  it('renders a missing enrichment ARN like a missing path, and the ingestion time as ISO 8601', () => {
    const result = renderInputTemplate(
      '{"e": <aws.pipes.enrichment-arn>, "t": <aws.pipes.event.ingestion-time>}',
      record,
      {
        ingestionTime: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      },
    );
    expect(result).toMatchObject({ kind: 'json', value: { e: '', t: '2024-01-02T03:04:05.000Z' } });
  });

  it('parses a base64 Kinesis payload so paths reach inside it', () => {
    // Prepare
    const kinesis = {
      eventSource: 'aws:kinesis',
      data: Buffer.from('{"order":{"id":"o-9"}}').toString('base64'),
    };
    // Act
    const result = renderInputTemplate('id <$.data.order.id>', kinesis);
    // Assess
    expect(result).toEqual({ kind: 'string', text: 'id o-9' });
  });

  it('treats a template that is not JSON after substitution as a string', () => {
    expect(renderInputTemplate('{"a": <$.eventName>,}', record)).toEqual({
      kind: 'string',
      text: '{"a": INSERT,}',
    });
  });

  it.each([
    ['x'.repeat(8193), 'InputTemplate is 8193 characters; EventBridge Pipes allows at most 8192'],
    [
      '{"a": <aws.pipes.name>}',
      '<aws.pipes.name>: unknown reserved variable; Pipes templates know <aws.pipes.pipe-name>',
    ],
    ['{"a": <aws.events.rule-name>}', '<aws.events.rule-name>: unknown reserved variable'],
    ['{"a": <$.dynamodb..Keys>}', '<$.dynamodb..Keys>: invalid JSON path "$.dynamodb..Keys" at position 10'],
    ['{"a": <$[x]>}', 'invalid JSON path "$[x]" at position 1'],
    [
      '{"a": "<$.dynamodb.Keys>"}',
      '<$.dynamodb.Keys>: resolves to an object but sits inside a JSON string; remove the quotes',
    ],
    ['{"a": "<$.dynamodb.NewImage.lines.L>"}', 'resolves to an array but sits inside a JSON string'],
    ['{"a": "<aws.pipes.event.json>"}', '<aws.pipes.event.json>: can only be the value of a JSON field'],
    [
      '{"a": <aws.pipes.pipe-arn>}',
      "<aws.pipes.pipe-arn>: needs the pipe context's pipeArn, which was not given",
    ],
  ])('rejects %s: %s', (template, message) => {
    expect(errorOf(() => renderInputTemplate(template, record))).toContain(message);
  });

  it('rejects an ingestion time that is not a date', () => {
    expect(
      errorOf(() =>
        renderInputTemplate('<aws.pipes.event.ingestion-time>', record, { ingestionTime: 'soon' }),
      ),
    ).toContain("the pipe context's ingestionTime is not a date: soon");
  });

  it('accepts exactly 8192 characters', () => {
    expect(renderInputTemplate('x'.repeat(8192), record).text).toHaveLength(8192);
  });
});

describe('Function: compileInputTemplate', () => {
  it('checks the template once and renders any number of records', () => {
    // Prepare
    const template = compileInputTemplate('{"id": <$.dynamodb.Keys.id.S>, "original": "<aws.pipes.event>"}');
    // Act
    const first = template.render(record);
    const second = template.render({ dynamodb: { Keys: { id: { S: 'o-2' } } } });
    // Assess
    expect(template.kind).toBe('json');
    expect(first).toMatchObject({ value: { id: 'o-1', original: JSON.stringify(record) } });
    expect(second).toMatchObject({ value: { id: 'o-2' } });
  });
});

describe('Function: renderInputTemplateBatch', () => {
  it('renders each record and delivers a JSON array, strings included', () => {
    expect(renderInputTemplateBatch('<$.eventName>', [record, { eventName: 'REMOVE' }]).value).toEqual([
      'INSERT',
      'REMOVE',
    ]);
  });
});
