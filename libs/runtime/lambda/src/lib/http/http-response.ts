import type { ValidationIssue } from '@outflow/core-domain';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A structured HTTP API (payload v2) result with a JSON body. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * 400 naming each bad field: `{"error":"validation","issues":[{"path":"items[0].quantity","message":"…"}]}`.
 * Malformed JSON bodies use the same shape with path `(body)`, so clients handle one format.
 */
export const validationResponse = (issues: readonly ValidationIssue[]): APIGatewayProxyStructuredResultV2 =>
  jsonResponse(400, { error: 'validation', issues });

/** Any other error answer: `{"error":"<kind>","message":"…", …details}`. */
export const errorResponse = (
  statusCode: number,
  error: string,
  message: string,
  details: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 => jsonResponse(statusCode, { error, message, ...details });
