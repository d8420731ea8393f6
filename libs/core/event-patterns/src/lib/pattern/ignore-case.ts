/**
 * Case-insensitive text as event-ruler builds it (EqualsIgnoreCaseParser.java): each character of
 * the pattern matches its lower-case or its upper-case form (Locale.ROOT), nothing else. The forms
 * can differ in length ("ß" → "SS"), so matching walks alternatives instead of folding both sides.
 */
export type CaseInsensitiveText = readonly (readonly string[])[];

export const caseInsensitive = (text: string): CaseInsensitiveText =>
  [...text].map((char) => [...new Set([char.toLowerCase(), char.toUpperCase()])]);

/** End offsets in `value` at which `text` can finish when it starts at `start`. */
const endsFrom = (text: CaseInsensitiveText, value: string, start: number): number[] => {
  let offsets = [start];
  for (const forms of text) {
    const next = new Set<number>();
    for (const offset of offsets) {
      for (const form of forms) if (value.startsWith(form, offset)) next.add(offset + form.length);
    }
    if (next.size === 0) return [];
    offsets = [...next];
  }
  return offsets;
};

export const equalsIgnoringCase = (text: CaseInsensitiveText, value: string): boolean =>
  endsFrom(text, value, 0).includes(value.length);

export const startsWithIgnoringCase = (text: CaseInsensitiveText, value: string): boolean =>
  endsFrom(text, value, 0).length > 0;

export const endsWithIgnoringCase = (text: CaseInsensitiveText, value: string): boolean => {
  const shortest = text.reduce((sum, forms) => sum + Math.min(...forms.map((form) => form.length)), 0);
  const longest = text.reduce((sum, forms) => sum + Math.max(...forms.map((form) => form.length)), 0);
  for (let start = value.length - shortest; start >= Math.max(0, value.length - longest); start--) {
    if (endsFrom(text, value, start).includes(value.length)) return true;
  }
  return false;
};
