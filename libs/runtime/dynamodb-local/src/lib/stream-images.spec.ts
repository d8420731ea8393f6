import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { compileEventPattern, renderInputTemplate } from '@outflow/event-patterns';
import { StreamRecordError } from './errors';
import { toLambdaShape } from './to-lambda-shape';

const ARN = 'arn:aws:dynamodb:local:000000000000:table/t/stream/2026-11-29T00:00:00.000';
const bytes = (...values: number[]) => new Uint8Array(values);

/** A record as the SDK's GetRecords returns it. */
const sdkRecord = (eventName: 'INSERT' | 'REMOVE', dynamodb: Record<string, unknown>): _Record =>
  ({
    eventID: 'e-1',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: { SequenceNumber: '100', StreamViewType: 'NEW_AND_OLD_IMAGES', ...dynamodb },
  }) as _Record;

describe('Function: toLambdaShape (binary attributes)', () => {
  const record = sdkRecord('INSERT', {
    Keys: { pk: { B: bytes(9) } },
    NewImage: {
      pk: { B: bytes(9) },
      blob: { B: bytes(1, 2, 3) },
      blobs: { BS: [bytes(1, 2, 3), bytes(255)] },
      nested: { M: { inner: { B: bytes(1, 2, 3) }, list: { L: [{ B: bytes(0) }, { S: 'x' }] } } },
    },
  });

  it('gives B and BS as base64 text, as Lambda and Pipes receive them, also inside M and L', () => {
    // Act
    const shaped = toLambdaShape(record, ARN);

    // Assess
    expect(shaped.dynamodb['Keys']).toEqual({ pk: { B: 'CQ==' } });
    expect(shaped.dynamodb['NewImage']).toEqual({
      pk: { B: 'CQ==' },
      blob: { B: 'AQID' },
      blobs: { BS: ['AQID', '/w=='] },
      nested: { M: { inner: { B: 'AQID' }, list: { L: [{ B: 'AA==' }, { S: 'x' }] } } },
    });
  });

  it('lets a filter on the base64 value match, as on AWS', () => {
    const filter = compileEventPattern({ dynamodb: { NewImage: { blob: { B: ['AQID'] } } } });
    const set = compileEventPattern({ dynamodb: { NewImage: { blobs: { BS: ['/w=='] } } } });
    expect(filter.matches(toLambdaShape(record, ARN))).toBe(true);
    expect(set.matches(toLambdaShape(record, ARN))).toBe(true);
    // What the SDK gives ({"0":1,"1":2,"2":3} once serialised) never matched.
    expect(filter.matches(record)).toBe(false);
  });

  it('renders base64 in templates, not byte-index objects', () => {
    const result = renderInputTemplate('{"blob": <$.dynamodb.NewImage.blob.B>}', toLambdaShape(record, ARN));
    expect(result.text).toBe('{"blob": "AQID"}');
  });
});

describe('Function: toLambdaShape (numbers keep their text)', () => {
  it('passes a REMOVE whose old state holds 1.23e+40 through unchanged (a deletion needs only type, id, version)', () => {
    // Prepare
    const oldImage = {
      aggregateType: { S: 'order' },
      aggregateId: { S: 'o-1' },
      version: { N: '3' },
      state: { M: { total: { N: '1.23e+40' }, lines: { L: [{ N: '3804086584686624768' }] } } },
    };

    // Act
    const shaped = toLambdaShape(
      sdkRecord('REMOVE', { Keys: { pk: { S: 'order#o-1' } }, OldImage: oldImage }),
      ARN,
    );

    // Assess
    expect(shaped.dynamodb['OldImage']).toEqual(oldImage);
  });

  it('keeps an old-image version of 9007199254740993 as that exact text for filters and templates', () => {
    const shaped = toLambdaShape(
      sdkRecord('REMOVE', { OldImage: { version: { N: '9007199254740993' } } }),
      ARN,
    );
    expect(renderInputTemplate('{"v": <$.dynamodb.OldImage.version.N>}', shaped).text).toBe(
      '{"v": "9007199254740993"}',
    );
  });

  it('refuses a number DynamoDB cannot hold, naming its attribute path', () => {
    // Prepare
    const record = sdkRecord('REMOVE', {
      OldImage: { version: { N: '1e400' }, state: { M: { tags: { NS: ['1', 'x'] } } } },
    });

    // Act + Assess
    expect(() => toLambdaShape(record, ARN)).toThrow(StreamRecordError);
    expect(() => toLambdaShape(record, ARN)).toThrow(
      "stream record e-1 is invalid: dynamodb.OldImage.version.N: is outside DynamoDB's range " +
        '(1E-130 to 9.99…E+125 in magnitude), got 1e400; ' +
        'dynamodb.OldImage.state.M.tags.NS[1]: expected a number as decimal text, got "x"',
    );
  });
});

describe('Numbers DynamoDB can hold (toLambdaShape)', () => {
  const problemOf = (text: unknown): string | undefined => {
    try {
      toLambdaShape(sdkRecord('INSERT', { NewImage: { n: { N: text } } }), ARN);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each([
    ['0'],
    ['-0.0'],
    ['1.23e+40'],
    ['9007199254740993'],
    ['1E-130'],
    ['9.9999999999999999999999999999999999999E+125'],
    ['.5'],
    ['12345678901234567890123456789012345678'],
  ])('accepts %s', (text) => {
    expect(problemOf(text)).toBeUndefined();
  });

  it.each([
    ['1E+126', /dynamodb\.NewImage\.n\.N: is outside DynamoDB's range/],
    ['1E-131', /outside DynamoDB's range/],
    [
      '123456789012345678901234567890123456789',
      /has 39 significant digits; DynamoDB numbers hold at most 38/,
    ],
    ['', /expected a number as decimal text/],
    ['1,5', /expected a number as decimal text/],
    [15, /expected a number as decimal text, got 15/],
  ])('refuses %p, naming the attribute', (text, message) => {
    expect(problemOf(text)).toMatch(message);
  });
});
