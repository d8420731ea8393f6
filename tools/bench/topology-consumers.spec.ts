import { aggregateIdOf } from './topology-consumers';

describe('aggregateIdOf', () => {
  it('reads the id of a bus event detail (unordered) and of the re-keying Pipe’s {"detail": …} (per-aggregate)', () => {
    expect(aggregateIdOf('{"aggregateId":"o-1","aggregateVersion":2}')).toBe('o-1');
    expect(aggregateIdOf('{"detail": {"aggregateId":"o-2"}}')).toBe('o-2');
  });

  it('refuses a body without one, quoting it', () => {
    expect(() => aggregateIdOf('{"x":1}')).toThrow('no aggregateId in the message body {"x":1}');
  });
});
