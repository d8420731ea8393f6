import { parseExactJson } from '@outflow/core-domain';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';

type Flags = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `--name value` flags strictly (unknown flags and stray positionals are mistakes). */
export const parseFlags = <T extends Flags>(args: readonly string[], flags: T) => {
  try {
    return parseArgs({
      args: [...args],
      options: { ...flags, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

/** A required flag's value; like the AWS CLI, `file://path` reads the value from a file. */
export const requiredText = (values: Record<string, unknown>, flag: string): string => {
  const value = values[flag];
  if (typeof value !== 'string') throw new UsageError(`--${flag} is required`);
  if (!value.startsWith('file://')) return value;
  const path = value.slice('file://'.length);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path} (${(error as Error).message})`, false);
  }
};

/**
 * A required flag holding JSON, its numbers exact (`parseExactJson`: `12345678901234567891` stays
 * that number); says which flag is not valid JSON and why.
 */
export const requiredJson = (values: Record<string, unknown>, flag: string): unknown => {
  const text = requiredText(values, flag);
  try {
    return parseExactJson(text);
  } catch (error) {
    throw new UsageError(`--${flag} is not valid JSON: ${(error as Error).message}`, false);
  }
};
