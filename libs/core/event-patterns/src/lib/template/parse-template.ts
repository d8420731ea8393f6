import { InputTemplateError } from '../errors';
import { parseJsonPath, type PathStep } from './json-path';
import { isReservedVariable, RESERVED_VARIABLES, type ReservedVariable } from './pipe-context';

/** InputTemplate is at most 8192 characters (API model `InputTemplate`, docs/aws-semantics.md, "Size limits"). */
const MAX_TEMPLATE_LENGTH = 8192;

/** Where a placeholder sits: as a JSON value, inside a JSON string literal, or in plain text. */
export type Position = 'json-value' | 'json-string' | 'text';

type Reference = { readonly path: readonly PathStep[] } | { readonly variable: ReservedVariable };

export type TemplatePart =
  string | { readonly placeholder: string; readonly reference: Reference; readonly position: Position };

/** A template split into text and placeholders; `kind` says whether the output is JSON. */
export interface ParsedTemplate {
  readonly kind: 'json' | 'string';
  readonly parts: readonly TemplatePart[];
}

// `<$…>` is a JSON path, `<aws.…>` a reserved variable; any other `<…>` is text.
const PLACEHOLDER = /<(\$[^<>\s"]*|aws\.[^<>\s"]*)>/g;

const reference = (placeholder: string, inner: string): Reference => {
  if (inner.startsWith('$')) {
    const path = parseJsonPath(inner);
    if (!path.ok) throw new InputTemplateError(path.error, placeholder);
    return { path: path.value };
  }
  if (!isReservedVariable(inner)) {
    const known = RESERVED_VARIABLES.map((name) => `<${name}>`).join(', ');
    throw new InputTemplateError(`unknown reserved variable; Pipes templates know ${known}`, placeholder);
  }
  return { variable: inner };
};

/** Tracks whether the scanned text leaves us inside a JSON string literal. */
const scanQuotes = (text: string, state: { inString: boolean; escaped: boolean }) => {
  for (const char of text) {
    if (!state.inString) state.inString = char === '"';
    else if (state.escaped) state.escaped = false;
    else if (char === '\\') state.escaped = true;
    else if (char === '"') state.inString = false;
  }
};

/** JSON output when the template is JSON once each placeholder holds a value. */
const isJsonTemplate = (template: string, parts: readonly TemplatePart[]): boolean => {
  if (!/^\s*[[{]/.test(template)) return false;
  const probe = parts
    .map((part) => (typeof part === 'string' ? part : part.position === 'json-string' ? '' : 'null'))
    .join('');
  try {
    JSON.parse(probe);
    return true;
  } catch {
    return false;
  }
};

const checkEventJson = (parts: readonly TemplatePart[]) => {
  for (const part of parts) {
    if (
      typeof part !== 'string' &&
      'variable' in part.reference &&
      part.reference.variable === 'aws.pipes.event.json' &&
      part.position !== 'json-value'
    ) {
      throw new InputTemplateError(
        'can only be the value of a JSON field, not part of a string (use <aws.pipes.event> there)',
        part.placeholder,
      );
    }
  }
};

/** Splits and checks a template once; rendering then only substitutes. */
export const parseTemplate = (template: string): ParsedTemplate => {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    throw new InputTemplateError(
      `InputTemplate is ${template.length} characters; EventBridge Pipes allows at most ${MAX_TEMPLATE_LENGTH}`,
    );
  }
  const parts: TemplatePart[] = [];
  const quotes = { inString: false, escaped: false };
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const text = template.slice(last, match.index);
    scanQuotes(text, quotes);
    if (text !== '') parts.push(text);
    parts.push({
      placeholder: match[0],
      reference: reference(match[0], match[1]),
      position: quotes.inString ? 'json-string' : 'json-value',
    });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  const kind = isJsonTemplate(template, parts) ? 'json' : 'string';
  const positioned =
    kind === 'json'
      ? parts
      : parts.map((part) => (typeof part === 'string' ? part : { ...part, position: 'text' as const }));
  checkEventJson(positioned);
  return { kind, parts: positioned };
};
