import { parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import { InputTemplateError } from '../errors';
import { decodePayload, type DecodedEvent } from './decode-payload';
import { resolvePath, type Resolved } from './json-path';
import { parseTemplate, type TemplatePart } from './parse-template';
import { CONTEXT_VARIABLES, type ContextVariable, type PipeContext } from './pipe-context';
import { renderEventText, renderValue } from './render-value';

/**
 * What the target receives: JSON (with its parsed value, numbers exact as `parseExactJson` keeps
 * them) or a plain string. A number is written with the digits the source holds.
 */
export type RenderResult =
  | { readonly kind: 'json'; readonly text: string; readonly value: unknown }
  | { readonly kind: 'string'; readonly text: string };

/** A template checked once, ready to render every record of a pipe. */
export interface CompiledInputTemplate {
  readonly kind: 'json' | 'string';
  render(event: unknown, context?: PipeContext): RenderResult;
}

const contextValue = (
  variable: ContextVariable,
  context: PipeContext,
  placeholder: string,
  now: Date,
): Resolved => {
  const key = CONTEXT_VARIABLES[variable];
  const value = context[key];
  if (key === 'ingestionTime') {
    const time = new Date(value ?? now);
    if (Number.isNaN(time.getTime()))
      throw new InputTemplateError(
        `the pipe context's ingestionTime is not a date: ${String(value)}`,
        placeholder,
      );
    return { found: true, value: time.toISOString() };
  }
  if (key === 'enrichmentArn')
    return value === undefined || value === null ? { found: false } : { found: true, value };
  if (value === undefined || value === null) {
    throw new InputTemplateError(`needs the pipe context's ${key}, which was not given`, placeholder, {
      contextKey: key,
    });
  }
  return { found: true, value };
};

const renderPart = (
  part: TemplatePart,
  event: unknown,
  decoded: DecodedEvent,
  context: PipeContext,
  now: Date,
): string => {
  if (typeof part === 'string') return part;
  const { reference, position, placeholder } = part;
  if ('path' in reference)
    return renderValue(resolvePath(reference.path, decoded.event), position, placeholder, decoded.originals);
  if (reference.variable === 'aws.pipes.event') return renderEventText(event, position);
  if (reference.variable === 'aws.pipes.event.json') return renderEventText(decoded.event, position);
  return renderValue(
    contextValue(reference.variable, context, placeholder, now),
    position,
    placeholder,
    decoded.originals,
  );
};

/**
 * Checks an EventBridge Pipes input template once (length, placeholders, JSON or string output)
 * so rendering each record only substitutes values.
 *
 * @throws InputTemplateError when the template is too long or uses an unknown variable or bad path.
 */
export const compileInputTemplate = (template: string): CompiledInputTemplate => {
  const { kind, parts } = parseTemplate(template);
  const render = (event: unknown, context: PipeContext = {}): RenderResult => {
    const decoded = decodePayload(event);
    const now = new Date();
    const text = parts.map((part) => renderPart(part, event, decoded, context, now)).join('');
    if (kind === 'string') return { kind, text };
    try {
      return { kind, text, value: parseExactJson(text) };
    } catch (cause) {
      throw new InputTemplateError(
        `the rendered template is not valid JSON (${(cause as Error).message}): ${text.slice(0, 200)}`,
        undefined,
        { cause },
      );
    }
  };
  return { kind, render };
};

/**
 * Renders one source record the way EventBridge Pipes transforms input (eb-pipes-input-transformation.html).
 *
 * @example
 * renderInputTemplate('{"id": <$.dynamodb.Keys.id.S>, "pipe": <aws.pipes.pipe-name>}', record, { pipeName: 'orders' });
 * // → { kind: 'json', text: '{"id": "o-1", "pipe": "orders"}', value: { id: 'o-1', pipe: 'orders' } }
 * @throws InputTemplateError naming the placeholder or limit at fault.
 */
export const renderInputTemplate = (template: string, event: unknown, context?: PipeContext): RenderResult =>
  compileInputTemplate(template).render(event, context);

/**
 * A batch for a Lambda or Step Functions target: the template applies to each record and the
 * target receives a JSON array, even for a batch of one.
 *
 * @internal Exported for the Pipes conformance suite (AWS's batch semantics for Lambda/Step Functions targets); no Outflow target receives batches yet.
 */
export const renderInputTemplateBatch = (
  template: string,
  records: readonly unknown[],
  context?: PipeContext,
): { readonly kind: 'json'; readonly text: string; readonly value: unknown[] } => {
  const compiled = compileInputTemplate(template);
  const value = records.map((record) => {
    const result = compiled.render(record, context);
    return result.kind === 'json' ? result.value : result.text;
  });
  return { kind: 'json', text: stringifyExactJson(value) as string, value };
};
