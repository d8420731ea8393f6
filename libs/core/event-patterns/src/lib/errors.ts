import { OutflowError } from '@outflow/core-domain';

/**
 * An event pattern that EventBridge (or aws/event-ruler) would reject. `path` is the dotted field
 * path inside the pattern (empty for the pattern as a whole) and `reason` names the rule broken,
 * e.g. `detail.state: "numeric" expects pairs of operator and number`.
 */
export class InvalidEventPatternError extends OutflowError {
  readonly code = 'EVENT_PATTERN_INVALID';

  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path === '' ? 'event pattern' : path}: ${reason}`, options);
  }
}

/**
 * An EventBridge Pipes input template that cannot be rendered: it is too long, uses an unknown
 * variable or an invalid JSON path, or a value cannot be placed where the template puts it.
 * `placeholder` is the offending `<…>` when there is one; `contextKey` is the PipeContext entry
 * a reserved variable needed but did not get.
 */
export class InputTemplateError extends OutflowError {
  readonly code = 'INPUT_TEMPLATE_INVALID';
  readonly contextKey?: string;

  constructor(
    message: string,
    readonly placeholder?: string,
    options?: { cause?: unknown; contextKey?: string },
  ) {
    super(placeholder === undefined ? message : `${placeholder}: ${message}`, options);
    this.contextKey = options?.contextKey;
  }
}

export const isInvalidEventPatternError = (error: unknown): error is InvalidEventPatternError =>
  error instanceof InvalidEventPatternError;
export const isInputTemplateError = (error: unknown): error is InputTemplateError =>
  error instanceof InputTemplateError;
