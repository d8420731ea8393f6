import { err, ok, parseExactJson, type Result } from '@outflow/core-domain';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorResponse, validationResponse } from './http-response';

/** `application/json`, or a `+json` type such as `application/merge-patch+json`; parameters ignored. */
const isJsonMediaType = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
};

/** The `content-type` header, whatever its case (API Gateway lower-cases names; a test may not). */
const contentTypeOf = (headers: APIGatewayProxyEventV2['headers'] | undefined): string | undefined =>
  Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];

/**
 * The request body parsed as JSON: `undefined` when there is none; 415 `unsupported-media-type`
 * (`expected: "application/json"`) when a body comes with another content type (`text/plain`, a
 * form-encoded body as `curl -d` sends without `-H 'content-type: application/json'`) or none;
 * 400 `validation` with path `(body)` when it is not JSON. HTTP APIs base64-encode bodies whose
 * content type is not text, so they are decoded first. Numbers keep their exact value and, past
 * ±(2^53 − 1), their written text (`parseExactJson` with `integersAsWritten`), so a validation
 * message quotes what was sent (`got 1e20`).
 */
export function readJsonBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
): Result<unknown, APIGatewayProxyStructuredResultV2> {
  const text =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  if (text.trim() === '') return ok(undefined);
  const contentType = contentTypeOf(event.headers);
  if (!isJsonMediaType(contentType))
    return err(
      errorResponse(
        415,
        'unsupported-media-type',
        `the body must be JSON sent with content-type application/json, got ${contentType === undefined ? 'no content-type' : `content-type ${contentType}`}`,
        { expected: 'application/json' },
      ),
    );
  try {
    return ok(parseExactJson(text));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(validationResponse([{ path: '(body)', message: `is not valid JSON: ${reason}` }]));
  }
}
