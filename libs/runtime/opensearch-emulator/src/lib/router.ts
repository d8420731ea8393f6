/**
 * A minimal router: `METHOD /path/{param}` patterns to handlers; the first match wins.
 * Segments starting with `_` are literal API names; `{index}` segments must not start with `_`.
 */
import { illegalArgument, type Json } from './errors';

/** One request as handlers see it. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly rawBody: string;
  /** The body parsed as JSON (`{}` when empty); throws 400 `parse_exception` otherwise. */
  json(): Json;
}

/** A handler's answer (the body is serialised as JSON; undefined for HEAD). */
export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** A route handler. */
export type Handler = (request: RouteRequest) => RouteResponse;

interface Route {
  readonly method: string;
  readonly segments: string[];
  readonly handler: Handler;
}

/** Routes registered as `router.add('PUT /{index}/_doc/{id}', handler)`. */
export class Router {
  private readonly routes: Route[] = [];

  add(pattern: string, handler: Handler): this {
    const [methods, path] = pattern.split(' ') as [string, string];
    for (const method of methods.split('|'))
      this.routes.push({ method, segments: path.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler and path parameters for a request, or undefined. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean).map(decodeSegment);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        const part = parts[i] as string;
        if (!segment.startsWith('{')) return segment === part;
        if (segment === '{index}' && part.startsWith('_') && part !== '_all') return false;
        params[segment.slice(1, -1)] = part;
        return true;
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw illegalArgument(`invalid path segment [${segment}]`);
  }
}
