import { allowedMethods, compileRoutes, type HttpApiRoute } from './http-api-routes';

const handler = async () => ({ statusCode: 204 });
const route = (method: string, path: string): HttpApiRoute => ({ method, path, handler });

describe('Function: compileRoutes', () => {
  const match = compileRoutes([
    route('GET', '/orders/{id}'),
    route('POST', '/orders/{id}/confirm'),
    route('GET', '/orders/latest'),
    route('ANY', '/files/{path+}'),
    route('DELETE', '/files/{path+}'),
  ]);

  it('matches a template and extracts its path parameters', () => {
    expect(match('POST', '/orders/o-1/confirm')).toEqual({
      route: expect.anything(),
      routeKey: 'POST /orders/{id}/confirm',
      pathParameters: { id: 'o-1' },
    });
  });

  it('prefers a literal segment over a parameter, whatever the declaration order', () => {
    expect(match('GET', '/orders/latest')).toMatchObject({ routeKey: 'GET /orders/latest' });
    expect(match('get', '/orders/o-2')).toMatchObject({
      routeKey: 'GET /orders/{id}',
      pathParameters: { id: 'o-2' },
    });
  });

  it('matches a greedy parameter over the rest of the path, and an exact method before ANY', () => {
    expect(match('PUT', '/files/a/b/c.txt')).toMatchObject({
      routeKey: 'ANY /files/{path+}',
      pathParameters: { path: 'a/b/c.txt' },
    });
    expect(match('DELETE', '/files/a')).toMatchObject({ routeKey: 'DELETE /files/{path+}' });
  });

  it('matches nothing for another method, a shorter or a longer path', () => {
    expect(match('DELETE', '/orders/o-1')).toBeUndefined();
    expect(match('POST', '/orders/o-1')).toBeUndefined();
    expect(match('GET', '/orders/o-1/confirm/now')).toBeUndefined();
    expect(match('GET', '/files')).toBeUndefined();
  });

  it('refuses a greedy parameter that is not the last segment', () => {
    expect(() => compileRoutes([route('GET', '/a/{rest+}/b')])).toThrow(
      'route GET /a/{rest+}/b: a greedy {rest+} must be the last segment',
    );
  });
});

describe('Function: allowedMethods', () => {
  const routes = [
    route('GET', '/orders/{id}'),
    route('DELETE', '/orders/{id}'),
    route('POST', '/orders/{id}/confirm'),
  ];

  it('lists, sorted, the methods of every route whose path matches (for a 405 Allow header)', () => {
    expect(allowedMethods(routes, '/orders/o-1')).toEqual(['DELETE', 'GET']);
    expect(allowedMethods(routes, '/orders/o-1/confirm')).toEqual(['POST']);
  });

  it('is empty for a path no route has (a 404)', () => {
    expect(allowedMethods(routes, '/customers/c-1')).toEqual([]);
  });
});
