/**
 * Index settings as the emulator reads them: nested (`{ index: { gc_deletes: '1s' } }`) or dotted
 * (`{ 'index.gc_deletes': '1s' }`) forms flattened to `index.*` keys, and OpenSearch time values.
 * Source: https://docs.opensearch.org/latest/install-and-configure/configuring-opensearch/index-settings/
 * (`index.gc_deletes`, dynamic, default 60s) and https://docs.opensearch.org/latest/api-reference/common-parameters/ (time units).
 */
import { illegalArgument, type Json } from './errors';

/** Flattens settings to dotted keys, each prefixed with `index.` as OpenSearch normalises them. */
export function flattenSettings(settings: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (settings === null || typeof settings !== 'object') return out;
  for (const [key, value] of Object.entries(settings as Json)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(out, flattenSettings(value, dotted));
    } else {
      out[dotted.startsWith('index.') ? dotted : `index.${dotted}`] = value;
    }
  }
  return out;
}

/** Dotted `index.*` settings nested as OpenSearch returns them: `{ index: { key: 'string value' } }`. */
export function nestSettings(flat: Record<string, unknown>): Json {
  const index: Json = {};
  for (const [key, value] of Object.entries(flat)) index[key.slice('index.'.length)] = String(value);
  return { index };
}

const UNITS_MS: Record<string, number> = {
  nanos: 1e-6,
  micros: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses an OpenSearch time value (`500ms`, `1s`, `2m`, `1h`, `1d`; `-1` and `0` without unit) to
 * milliseconds. Throws 400 `illegal_argument_exception` naming the setting otherwise.
 */
export function parseTimeValueMs(value: unknown, setting: string): number {
  const text = String(value).trim();
  if (text === '0' || text === '-1') return Number(text);
  const match = /^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)$/.exec(text);
  if (!match) {
    throw illegalArgument(
      `failed to parse setting [${setting}] with value [${text}] as a time value: unit is missing or unrecognized`,
    );
  }
  return Number(match[1]) * (UNITS_MS[match[2] as string] as number);
}
