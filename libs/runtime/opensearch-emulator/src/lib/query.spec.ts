import { compileQuery, type Candidate } from './query';
import { sortHits, parseSort, type Hit } from './sort';

const mappings = {
  properties: {
    status: { type: 'keyword' },
    text: { type: 'text' },
    total: { type: 'long' },
    at: { type: 'date' },
  },
};
const docs: Candidate[] = [
  {
    id: 'a',
    doc: {
      source: {
        status: 'PLACED',
        text: 'Red book',
        total: 100,
        at: '2026-01-01T00:00:00Z',
        items: [{ sku: 'B-1' }],
      },
      version: 1,
      seqNo: 0,
    },
  },
  {
    id: 'b',
    doc: {
      source: {
        status: 'SHIPPED',
        text: 'blue pen',
        total: 250,
        at: '2026-01-02T00:00:00Z',
        items: [{ sku: 'P-2' }],
      },
      version: 1,
      seqNo: 1,
    },
  },
  {
    id: 'c',
    doc: {
      source: { status: 'CANCELLED', text: 'red pen and book', total: 50, at: '2026-01-03T00:00:00Z' },
      version: 1,
      seqNo: 2,
    },
  },
];
const ids = (query: Record<string, unknown>) => {
  const matcher = compileQuery(query, docs, mappings);
  return docs.filter((c) => matcher(c) !== undefined).map((c) => c.id);
};

describe('query DSL subset', () => {
  it('bool must / filter / must_not with term, terms, range and match', () => {
    expect(ids({ term: { status: 'PLACED' } })).toEqual(['a']);
    expect(ids({ terms: { 'items.sku': ['P-2', 'B-1'] } })).toEqual(['a', 'b']);
    expect(ids({ range: { total: { gte: 100, lt: 250 } } })).toEqual(['a']);
    expect(ids({ range: { at: { gt: '2026-01-01T12:00:00Z' } } })).toEqual(['b', 'c']);
    expect(ids({ match: { text: 'red book' } })).toEqual(['a', 'c']);
    expect(ids({ match: { text: { query: 'red pen', operator: 'and' } } })).toEqual(['c']);
    expect(
      ids({
        bool: {
          must: [{ match: { text: 'pen' } }],
          filter: [{ range: { total: { lte: 250 } } }],
          must_not: [{ term: { status: 'CANCELLED' } }],
        },
      }),
    ).toEqual(['b']);
    expect(ids({ bool: { must_not: { term: { status: 'PLACED' } } } })).toEqual(['b', 'c']);
    expect(
      ids({ bool: { should: [{ term: { status: 'PLACED' } }, { term: { status: 'SHIPPED' } }] } }),
    ).toEqual(['a', 'b']);
  });

  it('refuses a query type it does not emulate with 400', () => {
    expect(() => ids({ fuzzy: { text: 'rde' } })).toThrow(
      'query [fuzzy] is not supported by the local emulator',
    );
  });

  it('sorts by a date desc (epoch millis sort values), then pages with search_after', () => {
    const hits: Hit[] = docs.map((c) => ({ index: 'orders', id: c.id, doc: c.doc, score: 1, mappings }));
    const { keys } = parseSort([{ at: 'desc' }], false);
    const sorted = sortHits([...hits], keys, undefined);
    expect(sorted.map((h) => h.id)).toEqual(['c', 'b', 'a']);
    expect(sorted[0]?.sort).toEqual([Date.parse('2026-01-03T00:00:00Z')]);
    expect(sortHits([...hits], keys, sorted[0]?.sort).map((h) => h.id)).toEqual(['b', 'a']);
    expect(() => sortHits([...hits], keys, [1, 2])).toThrow('search_after has 2 value(s) but sort has 1');
  });
});
