/** Plain-HTTP helper for the emulator's specs: sends a request and parses the JSON answer. */
/** A JSON answer; `any` keeps assertions on nested response fields short in specs. */
export interface HttpAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec helper: response bodies are asserted field by field
  readonly body: Record<string, any>;
}

/** Sends `method path` with a JSON (object) or raw (string) body. */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
  const init: RequestInit = {
    method,
    headers: { 'content-type': typeof body === 'string' ? 'application/x-ndjson' : 'application/json' },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as HttpAnswer['body']) : {} };
}

/** NDJSON body from lines. */
export const ndjson = (...lines: unknown[]): string =>
  lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
