/**
 * Runs one case of an OpenSearch REST API YAML test against a server over plain HTTP: the `setup`
 * steps, the case's steps, then `teardown`. A failed assertion throws an Error naming the file,
 * case, step and the values compared.
 */
import { matches, same, toRegex, truthy, unstash, valueAt, type Stash } from './assertions';
import { apiRequest } from './api';
import type { Step, Suite } from './suite';

/** Test-format features this runner implements (a `skip: features` outside this list fails the case). */
const FEATURES = new Set(['headers', 'allowed_warnings', 'warnings', 'contains', 'default_shards']);

const CATCHES: Record<string, (status: number) => boolean> = {
  bad_request: (s) => s === 400,
  unauthorized: (s) => s === 401,
  forbidden: (s) => s === 403,
  missing: (s) => s === 404,
  request_timeout: (s) => s === 408,
  conflict: (s) => s === 409,
  unavailable: (s) => s === 503,
  request: (s) => s >= 400,
  param: () => false,
};

interface Last {
  status: number;
  body: unknown;
}

async function send(
  base: string,
  api: string,
  params: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Last> {
  const request = apiRequest(api, params);
  const query = request.query.toString();
  const init: RequestInit = {
    method: request.method,
    headers: { 'content-type': request.ndjson ? 'application/x-ndjson' : 'application/json', ...headers },
  };
  if (request.body !== undefined)
    init.body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const response = await fetch(`${base}${request.path}${query ? `?${query}` : ''}`, init);
  const text = await response.text();
  if (request.method === 'HEAD') return { status: response.status, body: response.status === 200 };
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
}

async function runDo(base: string, spec: Record<string, unknown>, stash: Stash): Promise<Last> {
  const { catch: expectedError, headers, allowed_warnings: _allowed, warnings: _warnings, ...rest } = spec;
  const [api, rawParams] = Object.entries(rest)[0] as [string, Record<string, unknown> | null];
  const params = unstash(rawParams ?? {}, stash) as Record<string, unknown>;
  const last = await send(base, api, params, (headers ?? {}) as Record<string, string>);
  const ignored = ([] as unknown[]).concat(params['ignore'] ?? []).map(Number);
  if (expectedError === undefined) {
    const exists = apiRequest(api, params).method === 'HEAD';
    if (last.status >= 400 && !exists && !ignored.includes(last.status))
      throw new Error(`${api} answered ${last.status}: ${JSON.stringify(last.body)}`);
    return last;
  }
  const text = String(expectedError);
  const ok = text.startsWith('/')
    ? last.status >= 400 && toRegex(text, false).test(JSON.stringify(last.body))
    : CATCHES[text]?.(last.status);
  if (!ok)
    throw new Error(`${api}: expected catch [${text}], got ${last.status} ${JSON.stringify(last.body)}`);
  return last;
}

function compare(kind: string, actual: unknown, expected: unknown): boolean {
  switch (kind) {
    case 'match':
      return matches(actual, expected);
    case 'length':
      return actual !== null && typeof actual === 'object' && Object.keys(actual).length === Number(expected);
    case 'gt':
      return Number(actual) > Number(expected);
    case 'gte':
      return Number(actual) >= Number(expected);
    case 'lt':
      return Number(actual) < Number(expected);
    case 'lte':
      return Number(actual) <= Number(expected);
    case 'contains':
      return Array.isArray(actual) && actual.some((item) => same(item, expected));
    default:
      throw new Error(`YAML runner: unknown step [${kind}]`);
  }
}

function assertStep(kind: string, argument: unknown, last: Last, stash: Stash): void {
  if (kind === 'is_true' || kind === 'is_false') {
    const value = valueAt(last.body, String(argument ?? ''), stash);
    if (truthy(value) !== (kind === 'is_true'))
      throw new Error(`${kind} ${String(argument)}: got ${JSON.stringify(value)}`);
    return;
  }
  for (const [path, raw] of Object.entries(argument as Record<string, unknown>)) {
    if (kind === 'set') {
      stash.set(String(raw), valueAt(last.body, path, stash));
      continue;
    }
    const actual = valueAt(last.body, path, stash);
    const expected = unstash(raw, stash);
    if (!compare(kind, actual, expected))
      throw new Error(`${kind} ${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

async function runSteps(base: string, steps: Step[], stash: Stash, last: Last): Promise<Last> {
  let current = last;
  for (const [index, step] of steps.entries()) {
    const [kind, argument] = Object.entries(step)[0] as [string, unknown];
    try {
      if (kind === 'skip') {
        const features = ([] as unknown[])
          .concat((argument as Record<string, unknown>)['features'] ?? [])
          .map(String);
        const missing = features.filter((feature) => !FEATURES.has(feature));
        if (missing.length > 0)
          throw new Error(`needs test features [${missing.join(', ')}] the runner does not implement`);
      } else if (kind === 'do') current = await runDo(base, argument as Record<string, unknown>, stash);
      else assertStep(kind, argument, current, stash);
    } catch (error) {
      throw new Error(`step ${index + 1} (${kind}): ${(error as Error).message}`, { cause: error });
    }
  }
  return current;
}

/** Runs setup, the named case and teardown against `base` (e.g. the emulator's URL). */
export async function runCase(base: string, suite: Suite, name: string): Promise<void> {
  const testCase = suite.cases.find((c) => c.name === name);
  if (!testCase) throw new Error(`${suite.file}: no case [${name}]`);
  const stash: Stash = new Map();
  const start: Last = { status: 0, body: {} };
  const prefix = (section: string) => (error: Error) => {
    throw new Error(`${suite.file} [${name}] ${section} ${error.message}`, { cause: error });
  };
  const afterSetup = await runSteps(base, suite.setup, stash, start).catch(prefix('setup'));
  await runSteps(base, testCase.steps, stash, afterSetup).catch(prefix('case'));
  await runSteps(base, suite.teardown, stash, start).catch(prefix('teardown'));
}
