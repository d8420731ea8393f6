/**
 * The assertions of the YAML test format: paths into the last response (`hits.hits.0._id`,
 * `\.` for a literal dot, `$body` or `''` for the whole body), `$stash` values, and
 * `/regex/` expectations (extended syntax: whitespace ignored).
 */

/** Values saved by `set` steps. */
export type Stash = Map<string, unknown>;

/** Replaces `$name` / `${name}` stash references in a value (deeply). */
export function unstash(value: unknown, stash: Stash): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{?(\w+)\}?$/.exec(value);
    if (whole && stash.has(whole[1] as string)) return stash.get(whole[1] as string);
    return value.replace(/\$\{(\w+)\}/g, (match, name: string) =>
      stash.has(name) ? String(stash.get(name)) : match,
    );
  }
  if (Array.isArray(value)) return value.map((item) => unstash(item, stash));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [unstash(key, stash) as string, unstash(item, stash)]),
    );
  }
  return value;
}

/** The value at a dotted path of the response body. */
export function valueAt(body: unknown, path: string, stash: Stash): unknown {
  if (path === '' || path === '$body') return body;
  const parts = path.split(/(?<!\\)\./).map((p) => unstash(p.replace(/\\\./g, '.'), stash));
  let current: unknown = body;
  for (const key of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(key)];
  }
  return current;
}

function isRegex(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim().length > 1 &&
    value.trim().startsWith('/') &&
    value.trim().endsWith('/')
  );
}

/**
 * A regex from the test format's `/…/`. `match` compiles it with Java's COMMENTS flag (whitespace
 * and `#` comments ignored, `comments: true`); `catch` compiles it as written.
 */
export function toRegex(value: string, comments = true): RegExp {
  const source = value.trim().slice(1, -1);
  if (!comments) return new RegExp(source);
  return new RegExp(
    source
      .replace(/(?<!\\)#.*$/gm, '')
      .replace(/\\ /g, '\u0000')
      .replace(/\s+/g, '')
      .replace(/\u0000/g, ' '),
  );
}

/** Deep equality with numbers compared by value (`1` equals `1.0`). */
export function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => same(actual[i], item))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((key) =>
        same((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]),
      )
    );
  }
  return actual === expected;
}

/** `match`: equality, or a regex test when the expectation is `/…/`. */
export function matches(actual: unknown, expected: unknown): boolean {
  if (isRegex(expected))
    return toRegex(expected).test(typeof actual === 'string' ? actual : JSON.stringify(actual));
  return same(actual, expected);
}

/** `is_true`: present and not null, false, empty string, "false" or 0. */
export function truthy(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === false ||
    value === '' ||
    value === 'false' ||
    value === 0
  );
}
