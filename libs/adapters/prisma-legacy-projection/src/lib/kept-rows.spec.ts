import type { LegacyMapping } from '@outflow/core-application';
import { ok } from '@outflow/core-domain';
import { keptRows } from './kept-rows';

const mapping: LegacyMapping = {
  aggregateType: 'thing',
  root: {
    name: 'things',
    idColumn: 'id',
    key: ['id'],
    columns: { id: 'text', n: 'integer', amount: 'numeric', at: 'timestamptz', on: 'boolean' },
  },
  children: [
    {
      name: 'lines',
      parentColumn: 'thing_id',
      key: ['thing_id', 'no'],
      columns: { thing_id: 'text', no: 'integer' },
    },
  ],
  toRows: () => ok({ root: {}, children: {} }),
  fromRows: () => ({}),
};

describe('Function: keptRows', () => {
  it('gives rows as mapped and as the database returns them the same form', () => {
    // Prepare: what toRows builds, and what a driver returns for the same stored rows.
    const mapped = keptRows(
      mapping,
      { id: 't-1', n: 3, amount: '59.90', at: '2026-11-01T10:00:00.000Z', on: true },
      {
        lines: [
          { thing_id: 't-1', no: 1 },
          { thing_id: 't-1', no: 2 },
        ],
      },
    );
    const readBack = keptRows(
      mapping,
      {
        id: 't-1',
        n: '3',
        amount: 59.9,
        at: new Date('2026-11-01T11:00:00+01:00'),
        on: 't',
        extra: 'ignored',
      },
      {
        lines: [
          { thing_id: 't-1', no: 2 },
          { thing_id: 't-1', no: 1 },
        ],
      },
    );
    // Assess
    expect(readBack).toEqual(mapped);
    expect(mapped).toEqual({
      root: { id: 't-1', n: 3, amount: '59.9', at: '2026-11-01T10:00:00.000Z', on: true },
      children: {
        lines: [
          { thing_id: 't-1', no: 1 },
          { thing_id: 't-1', no: 2 },
        ],
      },
    });
  });

  it('normalizes decimal text exactly, without going through a float', () => {
    const amount = (value: unknown) =>
      (keptRows(mapping, { amount: value }, {}) as { root: { amount: unknown } }).root.amount;
    expect(['1.00', '001.50', '-0.00', '12345678901234567890.10'].map(amount)).toEqual([
      '1',
      '1.5',
      '0',
      '12345678901234567890.1',
    ]);
  });

  it('keeps a missing root as null and a missing child table as no rows', () => {
    expect(keptRows(mapping, undefined, {})).toEqual({ root: null, children: { lines: [] } });
  });
});
