/**
 * Parsing a document against the index's explicit mappings, as OpenSearch does before it writes
 * (and before the version check): a value a mapped field cannot hold is 400
 * `mapper_parsing_exception`; a field that is not mapped under `dynamic: strict` is 400
 * `strict_dynamic_mapping_exception`. Checked types: numbers, boolean, date, keyword/text,
 * object/nested; unmapped fields of a non-strict mapping are accepted.
 * Source: https://docs.opensearch.org/latest/field-types/ (numeric, boolean, date, object, nested;
 * `dynamic: strict`) and OpenSearch `DocumentParser` (error wording).
 */
import { OpenSearchError, type Json } from './errors';

const INTEGERS = new Set(['long', 'integer', 'short', 'byte']);
const FLOATS = new Set(['double', 'float', 'half_float', 'scaled_float']);

const preview = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function fieldError(path: string, type: string, id: string, value: unknown, cause: string): OpenSearchError {
  return new OpenSearchError(
    400,
    'mapper_parsing_exception',
    `failed to parse field [${path}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview(value)}'`,
    { caused_by: { type: 'illegal_argument_exception', reason: cause } },
  );
}

/** Why `value` does not fit a scalar field of `type`, or undefined when it does. */
function scalarProblem(type: string, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (INTEGERS.has(type) || FLOATS.has(type)) {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (typeof value === 'string' && value.trim() === '') return `For input string: ""`;
    if (!Number.isFinite(number)) return `For input string: "${preview(value)}"`;
    if (INTEGERS.has(type) && typeof value === 'string' && !Number.isInteger(number))
      return `For input string: "${value}"`;
    return undefined;
  }
  if (type === 'boolean')
    return value === true || value === false || value === 'true' || value === 'false' || value === ''
      ? undefined
      : `Failed to parse value [${preview(value)}] as only [true] or [false] are allowed.`;
  if (type === 'date') {
    if (typeof value === 'number' && Number.isInteger(value)) return undefined;
    if (typeof value === 'string' && (/^\d+$/.test(value) || !Number.isNaN(Date.parse(value))))
      return undefined;
    return `failed to parse date field [${preview(value)}] with format [strict_date_optional_time||epoch_millis]`;
  }
  if (typeof value === 'object') return `Can't get text on a START_OBJECT`;
  return undefined;
}

function checkObject(properties: Json, strict: boolean, source: Json, prefix: string, id: string): void {
  for (const [name, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const field = properties[name] as Json | undefined;
    if (!field) {
      if (strict)
        throw new OpenSearchError(
          400,
          'strict_dynamic_mapping_exception',
          `mapping set to strict, dynamic introduction of [${name}] within [${prefix || '_doc'}] is not allowed`,
        );
      continue;
    }
    const type = (field['type'] as string | undefined) ?? 'object';
    for (const item of Array.isArray(value) ? value : [value]) {
      if (type === 'object' || type === 'nested') {
        if (item === null) continue;
        if (typeof item !== 'object' || Array.isArray(item))
          throw fieldError(
            path,
            type,
            id,
            item,
            `object mapping for [${path}] tried to parse field [${name}] as object, but found a concrete value`,
          );
        const childStrict = field['dynamic'] === undefined ? strict : field['dynamic'] === 'strict';
        checkObject((field['properties'] as Json | undefined) ?? {}, childStrict, item as Json, path, id);
        continue;
      }
      const problem = scalarProblem(type, item);
      if (problem) throw fieldError(path, type, id, item, problem);
    }
  }
}

/**
 * Throws the error OpenSearch answers when `source` does not fit `mappings` (the index's
 * `{ dynamic?, properties }`); returns when it fits.
 */
export function checkDocument(mappings: Json, id: string, source: Json): void {
  checkObject(
    (mappings['properties'] as Json | undefined) ?? {},
    mappings['dynamic'] === 'strict',
    source,
    '',
    id,
  );
}
