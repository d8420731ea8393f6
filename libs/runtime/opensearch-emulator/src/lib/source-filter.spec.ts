import { filterSource } from './source-filter';

describe('_source filtering', () => {
  const source = {
    id: 'o-1',
    status: 'PLACED',
    items: [{ sku: 'B-1', quantity: 2 }],
    customer: { id: 'c-1', name: 'Ada' },
  };

  it('keeps everything by default, nothing with false', () => {
    expect(filterSource(source, undefined)).toBe(source);
    expect(filterSource(source, false)).toBeUndefined();
  });

  it('keeps the listed fields (dotted paths, wildcards) and drops excluded ones', () => {
    expect(filterSource(source, ['id', 'customer.id'])).toEqual({ id: 'o-1', customer: { id: 'c-1' } });
    expect(filterSource(source, 'stat*')).toEqual({ status: 'PLACED' });
    expect(filterSource(source, { excludes: ['customer.name', 'items'] })).toEqual({
      id: 'o-1',
      status: 'PLACED',
      customer: { id: 'c-1' },
    });
  });
});
