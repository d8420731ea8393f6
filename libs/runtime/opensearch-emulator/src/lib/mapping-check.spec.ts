import { OpenSearchError } from './errors';
import { checkDocument } from './mapping-check';

const mappings = {
  dynamic: 'strict',
  properties: {
    total: { type: 'long' },
    at: { type: 'date' },
    deleted: { type: 'boolean' },
    items: { type: 'nested', properties: { sku: { type: 'keyword' }, quantity: { type: 'integer' } } },
  },
};

const refusal = (source: Record<string, unknown>) => {
  try {
    checkDocument(mappings, 'doc-1', source);
    return undefined;
  } catch (error) {
    return error instanceof OpenSearchError ? [error.status, error.type, error.reason] : error;
  }
};

describe('Function: checkDocument', () => {
  it('accepts values the mapped fields hold (numbers as numbers or numeric strings, ISO dates, booleans, nested lines)', () => {
    expect(
      refusal({
        total: '42',
        at: '2026-11-01T10:00:00.000Z',
        deleted: false,
        items: [{ sku: 'A', quantity: 2 }],
      }),
    ).toBeUndefined();
  });

  it('refuses a value a long field cannot hold with 400 mapper_parsing_exception, as OpenSearch words it', () => {
    expect(refusal({ total: 'not a number' })).toEqual([
      400,
      'mapper_parsing_exception',
      "failed to parse field [total] of type [long] in document with id 'doc-1'. Preview of field's value: 'not a number'",
    ]);
  });

  it('refuses a bad date, a bad boolean and a bad nested value', () => {
    expect(refusal({ at: 'yesterday' })).toEqual([
      400,
      'mapper_parsing_exception',
      expect.stringContaining('[at] of type [date]'),
    ]);
    expect(refusal({ deleted: 'no' })).toEqual([
      400,
      'mapper_parsing_exception',
      expect.stringContaining('[deleted] of type [boolean]'),
    ]);
    expect(refusal({ items: [{ quantity: 'x' }] })).toEqual([
      400,
      'mapper_parsing_exception',
      expect.stringContaining('[items.quantity] of type [integer]'),
    ]);
  });

  it('refuses a field the strict mapping does not declare with 400 strict_dynamic_mapping_exception', () => {
    expect(refusal({ surprise: 1 })).toEqual([
      400,
      'strict_dynamic_mapping_exception',
      'mapping set to strict, dynamic introduction of [surprise] within [_doc] is not allowed',
    ]);
  });
});
