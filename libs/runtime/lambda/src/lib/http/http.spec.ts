import { describeValue, PayloadTooLargeError } from '@outflow/core-domain';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '../logger';
import { createHttpHandler, pathParameter } from './create-http-handler';
import { errorResponse, jsonResponse, validationResponse } from './http-response';
import { readJsonBody } from './read-json-body';

const event = (fields: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /orders',
    rawPath: '/orders',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      routeKey: 'POST /orders',
      http: { method: 'POST', path: '/orders' },
    },
    ...fields,
  }) as APIGatewayProxyEventV2;

describe('Function: readJsonBody', () => {
  const json = { 'content-type': 'application/json' };
  it('parses a JSON body, decoding base64 first when API Gateway encoded it', () => {
    expect(readJsonBody(event({ body: '{"a":1}', headers: json }))).toEqual({ ok: true, value: { a: 1 } });
    expect(
      readJsonBody(
        event({
          body: Buffer.from('[1,2]').toString('base64'),
          isBase64Encoded: true,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      ),
    ).toEqual({ ok: true, value: [1, 2] });
  });

  it('gives undefined for a missing or blank body, whatever the content type', () => {
    expect(readJsonBody(event())).toEqual({ ok: true, value: undefined });
    expect(readJsonBody(event({ body: '  ', headers: { 'content-type': 'text/plain' } }))).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('keeps every number of the body exact (a price of 12345678901234567891 is not rounded)', () => {
    const result = readJsonBody(
      event({ body: '{"unitPriceCents": 12345678901234567891, "quantity": 2}', headers: json }),
    );
    expect(result.ok && String((result.value as { unitPriceCents: unknown }).unitPriceCents)).toBe(
      '12345678901234567891',
    );
    expect(result.ok && (result.value as { quantity: unknown }).quantity).toBe(2);
  });

  it('keeps an integer past 2^53 - 1 as the client wrote it (1e20), so messages quote it', () => {
    const result = readJsonBody(event({ body: '{"quantity": 1e20}', headers: json }));
    expect(result.ok && describeValue((result.value as { quantity: unknown }).quantity)).toBe('1e20');
  });

  it('answers 400 in the validation shape for a body that is not JSON', () => {
    // Act
    const result = readJsonBody(event({ body: '{"customerId":', headers: json }));
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.statusCode).toBe(400);
    expect(JSON.parse(result.error.body ?? '')).toEqual({
      error: 'validation',
      issues: [{ path: '(body)', message: expect.stringMatching(/^is not valid JSON: /) }],
    });
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain;charset=UTF-8' }, 'content-type text/plain;charset=UTF-8'],
    [
      'form-encoded',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      'content-type application/x-www-form-urlencoded',
    ],
    ['no content type', {}, 'no content-type'],
  ])('answers 415 naming application/json for a %s body, even one that is JSON', (_, headers, got) => {
    // Act
    const result = readJsonBody(event({ body: '{"customerId":"c-1"}', headers }));
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.statusCode).toBe(415);
    expect(JSON.parse(result.error.body ?? '')).toEqual({
      error: 'unsupported-media-type',
      message: `the body must be JSON sent with content-type application/json, got ${got}`,
      expected: 'application/json',
    });
  });
});

describe('Function: jsonResponse', () => {
  it('serialises the body with a JSON content type', () => {
    expect(jsonResponse(201, { id: 'x' }, { location: '/x' })).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', location: '/x' },
      body: '{"id":"x"}',
    });
    expect(validationResponse([{ path: 'a', message: 'b' }]).body).toBe(
      '{"error":"validation","issues":[{"path":"a","message":"b"}]}',
    );
    expect(errorResponse(404, 'not-found', 'no such thing', { id: 'x' }).body).toBe(
      '{"error":"not-found","message":"no such thing","id":"x"}',
    );
  });
});

describe('Function: createHttpHandler', () => {
  it('returns the route response', async () => {
    const handler = createHttpHandler(async (e) => jsonResponse(200, { id: pathParameter(e, 'id') }));
    expect(await handler(event({ pathParameters: { id: 'o-1' } }))).toMatchObject({
      statusCode: 200,
      body: '{"id":"o-1"}',
    });
  });

  it('answers 413 naming the size and the limit when the route refuses a payload too large for AWS', async () => {
    // Prepare
    const refusal = new PayloadTooLargeError(
      'change of order o-1',
      409_601,
      409_600,
      'a DynamoDB item (400 KB)',
    );
    const handler = createHttpHandler(async () => Promise.reject(refusal));

    // Act
    const response = await handler(event());

    // Assess
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: 'payload-too-large',
      message: 'change of order o-1 is 409601 bytes; a DynamoDB item (400 KB) allows at most 409600 bytes',
      bytes: 409_601,
      limitBytes: 409_600,
    });
  });

  it('answers 500 without internals when the route throws, and logs the error with the request id', async () => {
    // Prepare
    const logged: Record<string, unknown>[] = [];
    const logger: Logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_m, fields) => logged.push(fields ?? {}),
    };
    const handler = createHttpHandler(async () => Promise.reject(new Error('table orders not found')), {
      logger,
    });
    // Act
    const response = await handler(event());
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('table orders');
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: 'internal',
      message: 'the request failed unexpectedly; quote request id req-1 when reporting it',
    });
    expect(logged).toEqual([
      {
        requestId: 'req-1',
        routeKey: 'POST /orders',
        error: expect.objectContaining({ message: 'table orders not found' }),
      },
    ]);
  });
});
