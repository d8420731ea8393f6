import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createServer } from 'node:net';
import type { HttpApiRoute } from './http-api-routes';
import { PortInUseError } from '../errors';
import { serveHttpApi, type ServedHttpApi } from './serve-http-api';

describe('Function: serveHttpApi', () => {
  const events: APIGatewayProxyEventV2[] = [];
  const errors: unknown[] = [];
  const routes: HttpApiRoute[] = [
    {
      method: 'POST',
      path: '/things/{id}/echo',
      handler: async (event) => (events.push(event), { statusCode: 201, body: 'ok' }),
    },
    {
      method: 'GET',
      path: '/structured',
      handler: async () => ({
        statusCode: 202,
        headers: { 'X-Custom': 'yes' },
        cookies: ['a=1', 'b=2; Path=/'],
        body: Buffer.from('binary!').toString('base64'),
        isBase64Encoded: true,
      }),
    },
    { method: 'GET', path: '/plain', handler: async () => ({ hello: 'world' }) },
    { method: 'GET', path: '/boom', handler: async () => Promise.reject(new Error('kaput')) },
    { method: 'GET', path: '/bad-status', handler: async () => ({ statusCode: 'teapot' }) },
  ];
  let api: ServedHttpApi;

  beforeAll(async () => {
    api = await serveHttpApi({ routes, port: 0, onHandlerError: (error) => errors.push(error) });
  });
  afterAll(() => api.close());
  beforeEach(() => (events.length = 0));

  it('hands the handler the payload format 2.0 event API Gateway would send', async () => {
    // Act
    const response = await fetch(`${api.url}/things/a%20b/echo?x=1&y=2&x=3`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trace': 't1', Cookie: 'c1=v1; c2=v2' },
      body: '{"n":1}',
    });
    // Assess
    expect([response.status, await response.text()]).toEqual([201, 'ok']);
    const event = events[0];
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /things/{id}/echo',
      rawPath: '/things/a b/echo',
      rawQueryString: 'x=1&y=2&x=3',
      queryStringParameters: { x: '1,3', y: '2' },
      pathParameters: { id: 'a b' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /things/{id}/echo',
        stage: '$default',
        http: { method: 'POST', path: '/things/a b/echo', protocol: 'HTTP/1.1' },
      },
    });
    expect(event?.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': 't1' });
    expect(event?.headers['cookie']).toBeUndefined();
    expect(event?.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('base64-encodes a body whose content type is not text, and omits an empty body', async () => {
    // Act
    await fetch(`${api.url}/things/1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    await fetch(`${api.url}/things/2/echo`, { method: 'POST' });
    // Assess
    expect(events[0]).toMatchObject({ body: Buffer.from('a=1').toString('base64'), isBase64Encoded: true });
    expect(events[1]?.isBase64Encoded).toBe(false);
    expect(events[1] && 'body' in events[1]).toBe(false);
    expect(events[1] && 'queryStringParameters' in events[1]).toBe(false);
  });

  it('writes a structured result: status, headers, one set-cookie per cookie, decoded base64 body', async () => {
    const response = await fetch(`${api.url}/structured`);
    expect(response.status).toBe(202);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2; Path=/']);
    expect(await response.text()).toBe('binary!');
  });

  it('answers a result without statusCode as 200 application/json', async () => {
    const response = await fetch(`${api.url}/plain`);
    expect([response.status, response.headers.get('content-type'), await response.json()]).toEqual([
      200,
      'application/json',
      { hello: 'world' },
    ]);
  });

  it('answers 404 for an unknown route and 500 for a failing handler or a bad status, in the error shape', async () => {
    // Act
    const missing = await fetch(`${api.url}/nowhere`);
    const failed = await fetch(`${api.url}/boom`);
    const malformed = await fetch(`${api.url}/bad-status`);
    // Assess
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { error: 'not-found', message: 'no route matches GET /nowhere' },
    ]);
    expect([failed.status, await failed.json()]).toEqual([
      500,
      {
        error: 'internal',
        message: expect.stringMatching(/^the request failed unexpectedly; quote request id [0-9a-f-]{36} /),
      },
    ]);
    expect(malformed.status).toBe(500);
    expect(errors).toEqual([new Error('kaput')]);
  });

  it('answers 405 with an Allow header listing the methods the path takes', async () => {
    // Act
    const wrongMethod = await fetch(`${api.url}/things/t-1/echo`, { method: 'DELETE' });
    // Assess
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toEqual({
      error: 'method-not-allowed',
      message: 'DELETE is not allowed on /things/t-1/echo; allowed: POST',
      allowed: ['POST'],
    });
  });

  it('answers 413 stating the limit in bytes for a body over 10 MB', async () => {
    // Act
    const tooLarge = await fetch(`${api.url}/things/t-1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    // Assess
    expect([tooLarge.status, await tooLarge.json()]).toEqual([
      413,
      {
        error: 'payload-too-large',
        message: 'the request body is over 10485760 bytes, the most an HTTP API accepts',
        limitBytes: 10_485_760,
      },
    ]);
    expect(events).toEqual([]);
  });

  it('names a taken port and how to choose another', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      // Act
      const attempt = serveHttpApi({ routes, port, portSetting: 'ORDERS_PORT' });
      // Assess
      await expect(attempt).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use: stop the process holding it, or choose another port with ORDERS_PORT (0 picks a free one)`,
      );
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      blocker.close();
    }
  });
});
