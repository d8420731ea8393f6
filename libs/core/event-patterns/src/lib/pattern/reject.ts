import { stringifyExactJson } from '@outflow/core-domain';
import { InvalidEventPatternError } from '../errors';

/** Throws the error that names the field path and the rule the pattern breaks. */
export const reject = (path: string, reason: string): never => {
  throw new InvalidEventPatternError(path, reason);
};

/** A short JSON rendering of an offending value for error messages. */
export const shown = (value: unknown): string => {
  const text = stringifyExactJson(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
