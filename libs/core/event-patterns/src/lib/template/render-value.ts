import { isExactNumberText, stringifyExactJson } from '@outflow/core-domain';
import { InputTemplateError } from '../errors';
import type { Resolved } from './json-path';
import type { Position } from './parse-template';

/** JSON text with string quotes dropped: `{"S":"o-1"}` → `{S:o-1}` ("EventBridge removes any internal quotes"). */
const withoutQuotes = (json: string): string =>
  json.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => JSON.parse(literal) as string);

/**
 * Text that replaces one placeholder. Strings get JSON quotes only where the placeholder stands
 * for a JSON value; numbers, booleans and null are written as JSON; objects and arrays are JSON
 * as a value, quote-less in plain text, and an error inside a JSON string (AWS does not deliver
 * that event). A missing path renders as an empty string.
 */
export const renderValue = (
  resolved: Resolved,
  position: Position,
  placeholder: string,
  originals: ReadonlyMap<unknown, string>,
): string => {
  if (!resolved.found) return position === 'json-value' ? '""' : '';
  const { value } = resolved;
  if (typeof value === 'string') {
    if (position === 'text') return value;
    const json = JSON.stringify(value);
    return position === 'json-value' ? json : json.slice(1, -1);
  }
  if (typeof value !== 'object' || value === null || isExactNumberText(value)) return String(value);
  const json = stringifyExactJson(value) as string;
  if (position === 'json-value') return json;
  if (position === 'text') return withoutQuotes(originals.get(value) ?? json);
  throw new InputTemplateError(
    `resolves to ${Array.isArray(value) ? 'an array' : 'an object'} but sits inside a JSON string; ` +
      'remove the quotes around the placeholder so the value is inserted as JSON',
    placeholder,
  );
};

/** The whole event as JSON text, escaped when it goes inside a JSON string. */
export const renderEventText = (event: unknown, position: Position): string => {
  const json = stringifyExactJson(event) ?? 'null';
  return position === 'json-string' ? JSON.stringify(json).slice(1, -1) : json;
};
