import { encodeSearchCursor } from '@outflow/core-application';
import { parseSearchQuery } from './search-query';

describe('Function: parseSearchQuery', () => {
  it('reads every parameter, and a page of 20 by default', () => {
    const cursor = encodeSearchCursor([1767225600000, 'o-1']);
    expect(
      parseSearchQuery({ q: 'mug', status: 'confirmed', customerId: 'c-1', limit: '5', cursor }),
    ).toEqual({
      ok: true,
      value: { q: 'mug', status: 'confirmed', customerId: 'c-1', limit: 5, cursor },
    });
    expect(parseSearchQuery({})).toEqual({ ok: true, value: { limit: 20 } });
    expect(parseSearchQuery({ q: ' ', status: '' })).toEqual({ ok: true, value: { limit: 20 } });
  });

  it('names each bad parameter at once', () => {
    const result = parseSearchQuery({ status: 'lost', limit: '0', cursor: 'abc', sort: 'asc' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.map((issue) => issue.path)).toEqual([
      'sort',
      'status',
      'limit',
      'cursor',
    ]);
    expect(!result.ok && result.error[1]?.message).toBe(
      'expected one of created, confirmed, shipped, cancelled',
    );
  });

  it.each(['101', '1.5', '-1', 'ten', '1e1'])('refuses limit %s', (limit) => {
    const result = parseSearchQuery({ limit });
    expect(!result.ok && result.error).toEqual([
      { path: 'limit', message: 'expected an integer from 1 to 100' },
    ]);
  });

  it('accepts limit 1 and 100', () => {
    expect(parseSearchQuery({ limit: '1' }).ok).toBe(true);
    expect(parseSearchQuery({ limit: '100' }).ok).toBe(true);
  });

  it('refuses an overlong q', () => {
    const result = parseSearchQuery({ q: 'x'.repeat(513) });
    expect(!result.ok && result.error.map((issue) => issue.path)).toEqual(['q']);
  });
});
