import { isRecord } from '@outflow/core-domain';
import type { ServerResponse } from 'node:http';

/** What API Gateway answers itself, with its own message bodies. */
export const gatewayResponse = {
  notFound: { statusCode: 404, body: '{"message":"Not Found"}' },
  internalError: { statusCode: 500, body: '{"message":"Internal Server Error"}' },
  tooLarge: { statusCode: 413, body: '{"message":"Request Entity Too Large"}' },
} as const;

/**
 * Writes a handler's result as API Gateway (payload format 2.0) would: a structured result
 * (`statusCode`, `headers`, `cookies` → one set-cookie each, `body`, `isBase64Encoded`), or any other
 * value as a 200 application/json body. A structured result with a bad status code is a 500, as
 * API Gateway treats a malformed integration response.
 */
export function writeHttpApiResult(response: ServerResponse, result: unknown): void {
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
    return writeGatewayResponse(response, gatewayResponse.internalError);
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

export function writeGatewayResponse(
  response: ServerResponse,
  answer: { readonly statusCode: number; readonly body: string },
): void {
  send(response, answer.statusCode, { 'content-type': 'application/json' }, Buffer.from(answer.body));
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
