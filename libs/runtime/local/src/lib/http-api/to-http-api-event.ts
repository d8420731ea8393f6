import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RouteMatch } from './http-api-routes';

// HTTP APIs deliver a body as text only for these content types; every other body, including a
// missing content type and form-encoded ones, arrives base64-encoded with isBase64Encoded: true.
const isTextBody = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    ['application/json', 'application/xml', 'application/javascript'].includes(type)
  );
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
const apiGatewayTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

const decodeSafely = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Builds the payload format 2.0 event API Gateway would send for this request: header names
 * lower-cased, repeated headers and query values joined with commas, cookies split out of the
 * headers, the path and path parameters URL-decoded (as HTTP APIs deliver them), and a body that
 * is base64-encoded unless its content type is text.
 */
export function toHttpApiEvent(
  request: IncomingMessage,
  body: Buffer,
  match: RouteMatch,
  now = new Date(),
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (name !== 'cookie' && values) headers[name] = values.join(',');
  }
  const host = headers['host'] ?? 'localhost';
  headers['x-forwarded-for'] ??= request.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(request.socket.localPort ?? '');

  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const cookies = (request.headersDistinct['cookie'] ?? []).flatMap((line) =>
    line
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean),
  );
  const pathParameters = match.pathParameters
    ? Object.fromEntries(Object.entries(match.pathParameters).map(([k, v]) => [k, decodeSafely(v)]))
    : undefined;
  const rawPath = decodeSafely(url.pathname);
  const text = isTextBody(headers['content-type']);
  const method = (request.method ?? 'GET').toUpperCase();

  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: match.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}
