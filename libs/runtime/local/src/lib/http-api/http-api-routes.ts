import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

/** A Lambda handler for HTTP API payload format 2.0, exactly as deployed. */
type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2 | unknown>;

/** One route of an HTTP API: `POST /orders/{id}/confirm` → handler. `ANY` matches every method. */
export interface HttpApiRoute {
  readonly method: string;
  /** Path template as API Gateway writes it: literal segments, `{name}`, or a last `{name+}`. */
  readonly path: string;
  readonly handler: HttpApiHandler;
  /** Shown in logs and the local Lambda context. @default the route key */
  readonly name?: string;
}

export interface RouteMatch {
  readonly route: HttpApiRoute;
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  readonly route: HttpApiRoute;
  readonly routeKey: string;
  readonly segments: readonly string[];
  readonly literals: number;
}

const segmentsOf = (path: string): string[] => path.split('/').filter((s) => s.length > 0);
const paramName = (segment: string): string | undefined => /^\{([^{}]+)\}$/.exec(segment)?.[1];

/**
 * Compiles routes into a matcher. Like API Gateway, the most specific route wins: a literal
 * segment beats a `{param}`, which beats a greedy `{param+}`; an exact method beats `ANY`.
 */
export function compileRoutes(
  routes: readonly HttpApiRoute[],
): (method: string, path: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const segments = segmentsOf(route.path);
    segments.forEach((segment, index) => {
      const name = paramName(segment);
      if (name?.endsWith('+') && index !== segments.length - 1) {
        throw new Error(`route ${route.method} ${route.path}: a greedy {${name}} must be the last segment`);
      }
    });
    return {
      route,
      routeKey: `${route.method.toUpperCase()} ${route.path}`,
      segments,
      literals: segments.filter((s) => !paramName(s)).length,
    };
  });
  compiled.sort(
    (a, b) => b.literals - a.literals || Number(a.route.method === 'ANY') - Number(b.route.method === 'ANY'),
  );

  return (method, path) => {
    const actual = segmentsOf(path);
    for (const candidate of compiled) {
      if (
        candidate.route.method.toUpperCase() !== method.toUpperCase() &&
        candidate.route.method.toUpperCase() !== 'ANY'
      )
        continue;
      const parameters = matchSegments(candidate.segments, actual);
      if (!parameters) continue;
      return {
        route: candidate.route,
        routeKey: candidate.routeKey,
        ...(Object.keys(parameters).length > 0 ? { pathParameters: parameters } : {}),
      };
    }
    return undefined;
  };
}

/**
 * The methods some route answers on `path` (`ANY` when one takes every method), upper case, sorted:
 * what a 405's `Allow` header lists. Empty when no route's path matches (a 404).
 */
export function allowedMethods(routes: readonly HttpApiRoute[], path: string): string[] {
  const actual = segmentsOf(path);
  const methods = routes
    .filter((route) => matchSegments(segmentsOf(route.path), actual))
    .map((route) => route.method.toUpperCase());
  return [...new Set(methods)].sort();
}

function matchSegments(
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    const name = paramName(segment);
    if (name?.endsWith('+')) {
      if (index >= actual.length) return undefined;
      parameters[name.slice(0, -1)] = actual.slice(index).join('/');
      return parameters;
    }
    const value = actual[index];
    if (value === undefined) return undefined;
    if (name) parameters[name] = value;
    else if (segment !== value) return undefined;
  }
  return template.length === actual.length ? parameters : undefined;
}
