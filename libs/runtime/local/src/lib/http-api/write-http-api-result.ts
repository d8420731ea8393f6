import { isRecord } from '@outflow/core-domain';
import type { ServerResponse } from 'node:http';

/** A response the local server gives itself, in the API's error shape `{"error","message",…}`. */
interface GatewayAnswer {
  readonly statusCode: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const errorBody = (error: string, message: string, details: Record<string, unknown> = {}) =>
  JSON.stringify({ error, message, ...details });

/**
 * What the local server answers itself — no route, a wrong method, a body too large, a failing
 * handler — in the same error shape as the handlers' own errors (`errorResponse` of
 * `@outflow/runtime-lambda`), so a client handles one format.
 */
export const gatewayResponse = {
  notFound: (method: string, path: string): GatewayAnswer => ({
    statusCode: 404,
    body: errorBody('not-found', `no route matches ${method} ${path}`),
  }),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]): GatewayAnswer => ({
    statusCode: 405,
    headers: { allow: allowed.join(', ') },
    body: errorBody(
      'method-not-allowed',
      `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
      { allowed },
    ),
  }),
  tooLarge: (limitBytes: number): GatewayAnswer => ({
    statusCode: 413,
    body: errorBody(
      'payload-too-large',
      `the request body is over ${limitBytes} bytes, the most an HTTP API accepts`,
      { limitBytes },
    ),
  }),
  internalError: (requestId: string): GatewayAnswer => ({
    statusCode: 500,
    body: errorBody(
      'internal',
      `the request failed unexpectedly; quote request id ${requestId} when reporting it`,
    ),
  }),
} as const;

/**
 * Writes a handler's result as API Gateway (payload format 2.0) would: a structured result
 * (`statusCode`, `headers`, `cookies` → one set-cookie each, `body`, `isBase64Encoded`), or any other
 * value as a 200 application/json body. A structured result with a bad status code is a 500, as
 * API Gateway treats a malformed integration response.
 */
export function writeHttpApiResult(response: ServerResponse, result: unknown, requestId: string): void {
  if (!isRecord(result) || result['statusCode'] === undefined) {
    return send(
      response,
      200,
      { 'content-type': 'application/json' },
      Buffer.from(typeof result === 'string' ? result : JSON.stringify(result ?? null)),
    );
  }
  const status = result['statusCode'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return writeGatewayResponse(response, gatewayResponse.internalError(requestId));
  }
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(isRecord(result['headers']) ? result['headers'] : {}))
    headers[name.toLowerCase()] = String(value);
  const cookies = Array.isArray(result['cookies']) ? result['cookies'].map(String) : [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = typeof result['body'] === 'string' ? result['body'] : '';
  send(
    response,
    status,
    headers,
    result['isBase64Encoded'] === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  );
}

/** Writes an answer of {@link gatewayResponse}. */
export function writeGatewayResponse(response: ServerResponse, answer: GatewayAnswer): void {
  send(
    response,
    answer.statusCode,
    { 'content-type': 'application/json', ...answer.headers },
    Buffer.from(answer.body),
  );
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
): void {
  response.writeHead(status, { ...headers, 'content-length': String(body.length) });
  response.end(body);
}
