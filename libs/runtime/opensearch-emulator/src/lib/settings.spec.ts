import { flattenSettings, nestSettings, parseTimeValueMs } from './settings';

describe('index settings', () => {
  it('flattens nested and dotted forms to index.* keys, and nests them back as strings', () => {
    const flat = flattenSettings({
      index: { gc_deletes: '1s' },
      number_of_shards: 1,
      'index.refresh_interval': '1s',
    });
    expect(flat).toEqual({
      'index.gc_deletes': '1s',
      'index.number_of_shards': 1,
      'index.refresh_interval': '1s',
    });
    expect(nestSettings(flat)).toEqual({
      index: { gc_deletes: '1s', number_of_shards: '1', refresh_interval: '1s' },
    });
  });

  it('parses time values and names the setting when one is malformed', () => {
    expect(parseTimeValueMs('500ms', 'x')).toBe(500);
    expect(parseTimeValueMs('60s', 'x')).toBe(60_000);
    expect(parseTimeValueMs('2m', 'x')).toBe(120_000);
    expect(parseTimeValueMs('0', 'x')).toBe(0);
    expect(() => parseTimeValueMs('60', 'index.gc_deletes')).toThrow(
      'failed to parse setting [index.gc_deletes] with value [60]',
    );
  });
});
