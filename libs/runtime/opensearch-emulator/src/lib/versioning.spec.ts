import { OpenSearchError } from './errors';
import { IndexData } from './index-data';
import { nextVersion, parseVersion, parseVersionType } from './versioning';

describe('nextVersion (OpenSearch VersionType rules)', () => {
  let now = 0;
  const index = () => new IndexData('orders', { index: { gc_deletes: '10s' } }, {}, () => now, 60_000);
  const conflict = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(OpenSearchError);
      expect((error as OpenSearchError).status).toBe(409);
      return (error as OpenSearchError).reason;
    }
    throw new Error('expected a version conflict');
  };

  it('internal: 1 for a new document, current + 1 after, and refuses a version parameter', () => {
    const data = index();
    expect(nextVersion(data, 'a', { versionType: 'internal' })).toBe(1);
    data.put('a', {}, 4);
    expect(nextVersion(data, 'a', { versionType: 'internal' })).toBe(5);
    expect(() => nextVersion(data, 'a', { versionType: 'internal', version: 9 })).toThrow('if_seq_no');
  });

  it('external: greater than current wins; equal or lower conflicts with the current version in the reason', () => {
    const data = index();
    data.put('a', {}, 5);
    expect(nextVersion(data, 'a', { versionType: 'external', version: 6 })).toBe(6);
    expect(conflict(() => nextVersion(data, 'a', { versionType: 'external', version: 5 }))).toBe(
      '[a]: version conflict, current version [5] is higher or equal to the one provided [5]',
    );
  });

  it('external_gte: equal is accepted, lower conflicts', () => {
    const data = index();
    data.put('a', {}, 5);
    expect(nextVersion(data, 'a', { versionType: 'external_gte', version: 5 })).toBe(5);
    expect(conflict(() => nextVersion(data, 'a', { versionType: 'external_gte', version: 4 }))).toBe(
      '[a]: version conflict, current version [5] is higher than the one provided [4]',
    );
  });

  it("a deleted document's version counts until index.gc_deletes has passed, then is forgotten", () => {
    const data = index();
    now = 1_000;
    data.remove('a', 7);
    now = 10_999;
    expect(data.currentVersion('a')).toBe(7);
    now = 11_000;
    expect(data.currentVersion('a')).toBeUndefined();
    expect(nextVersion(data, 'a', { versionType: 'external', version: 2 })).toBe(2);
  });

  it('parses version parameters and refuses bad ones with 400', () => {
    expect(parseVersionType(undefined)).toBe('internal');
    expect(parseVersionType('external_gte')).toBe('external_gte');
    expect(() => parseVersionType('force')).toThrow('version type [force]');
    expect(parseVersion('12')).toBe(12);
    expect(() => parseVersion('-1')).toThrow('illegal version value [-1]');
  });
});
