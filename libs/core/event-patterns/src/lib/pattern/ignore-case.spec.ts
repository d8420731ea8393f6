import {
  caseInsensitive,
  endsWithIgnoringCase,
  equalsIgnoringCase,
  startsWithIgnoringCase,
} from './ignore-case';

describe('Function: equalsIgnoringCase', () => {
  it('accepts any casing of each character and nothing longer or shorter', () => {
    // Prepare
    const text = caseInsensitive('aBc');
    // Act + Assess
    expect(['ABC', 'abc', 'aBc'].map((value) => equalsIgnoringCase(text, value))).toEqual([true, true, true]);
    expect(['aabc', 'ab', 'abd'].map((value) => equalsIgnoringCase(text, value))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('lets a character match an upper-case form of another length, as Java does ("ß" → "SS")', () => {
    expect(equalsIgnoringCase(caseInsensitive('straße'), 'STRASSE')).toBe(true);
  });
});

describe('Function: startsWithIgnoringCase and endsWithIgnoringCase', () => {
  it('match a case-insensitive prefix and suffix', () => {
    expect(startsWithIgnoringCase(caseInsensitive('EventB'), 'eventbridge')).toBe(true);
    expect(startsWithIgnoringCase(caseInsensitive('EventB'), 'event')).toBe(false);
    expect(endsWithIgnoringCase(caseInsensitive('.png'), 'image.PNG')).toBe(true);
    expect(endsWithIgnoringCase(caseInsensitive('.png'), 'image.jpg')).toBe(false);
    expect(endsWithIgnoringCase(caseInsensitive('ße'), 'STRASSE')).toBe(true);
  });
});
