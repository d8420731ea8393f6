import { err, ok, parseExactJson, type Result } from '@outflow/core-domain';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { validationResponse } from './http-response';

/**
 * The request body parsed as JSON: `undefined` when there is none, a 400 response when it is not
 * JSON. HTTP APIs base64-encode bodies whose content type is not text (including form-encoded
 * ones, as `curl -d` sends without `-H 'content-type: application/json'`), so they are decoded first.
 * Numbers keep their exact value (`parseExactJson`), so a validation message quotes what was sent.
 */
export function readJsonBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
): Result<unknown, APIGatewayProxyStructuredResultV2> {
  const text =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  if (text.trim() === '') return ok(undefined);
  try {
    return ok(parseExactJson(text));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(validationResponse([{ path: '(body)', message: `is not valid JSON: ${reason}` }]));
  }
}
