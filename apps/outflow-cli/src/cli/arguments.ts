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

const DURATION_UNITS_MS = { d: 86_400_000, h: 3_600_000 } as const;

/**
 * A duration flag such as `35d` or `12h` (a positive whole number of days or hours), in
 * milliseconds; the message names the flag and the accepted forms.
 */
export const parseDuration = (flag: string, text: string): number => {
  const match = /^([1-9][0-9]{0,5})([dh])$/.exec(text.trim());
  if (!match)
    throw new UsageError(`--${flag} must be a whole number of days or hours like 35d or 12h, got "${text}"`);
  return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
};

/** A positive integer flag within `[min, max]`; the message names the flag and the range. */
export const parseIntegerFlag = (flag: string, text: string, min: number, max: number): number => {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || value < min || value > max)
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
};
