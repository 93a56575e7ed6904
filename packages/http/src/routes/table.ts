/**
 * The route lookup: a tree of path segments, so finding a route costs one map
 * lookup per segment instead of a regular expression per route (@koa/router
 * walks every route on every request). Paths match case-sensitively: the
 * bearer check keys on the `/v1/` prefix, so `/V1/wallet` must not reach a route.
 */
interface Node<T> {
  readonly literal: Map<string, Node<T>>;
  /** Any value of this segment; routes may name it differently ({id}, {paymentId}): each route keeps its names. */
  param: Node<T> | undefined;
  /** Per method: the route's value and the names of its path parameters, in order. */
  readonly methods: Map<string, { readonly value: T; readonly names: readonly string[] }>;
}

export type Lookup<T> =
  | { readonly kind: 'route'; readonly value: T; readonly params: Record<string, string> }
  /** The path names a route, but not for this method. */
  | { readonly kind: 'method'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

const NONE = { kind: 'none' } as const;
const node = <T>(): Node<T> => ({ literal: new Map(), param: undefined, methods: new Map() });

export class RouteTable<T> {
  private readonly root: Node<T> = node();

  /** `path` in OpenAPI style (`/v1/queue/tokens/{token}`); method in upper case. A GET route answers HEAD too. */
  add(method: string, path: string, value: T): void {
    let at = this.root;
    const names: string[] = [];
    for (const segment of path.split('/').slice(1)) {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1] as string);
        at.param ??= node();
        at = at.param;
      } else {
        let next = at.literal.get(segment);
        if (!next) at.literal.set(segment, (next = node()));
        at = next;
      }
    }
    if (at.methods.has(method)) throw new Error(`${method} ${path} is declared twice`);
    at.methods.set(method, { value, names });
    if (method === 'GET' && !at.methods.has('HEAD')) at.methods.set('HEAD', { value, names });
  }

  find(method: string, path: string): Lookup<T> {
    if (path.charCodeAt(0) !== 47 /* / */) return NONE;
    // One trailing slash is the same route, as @koa/router had it.
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const segments = trimmed.split('/');
    const values: string[] = [];
    const at = walk(this.root, segments, 1, values);
    if (!at) return NONE;
    const route = at.methods.get(method);
    if (route === undefined) return { kind: 'method', allowed: [...at.methods.keys()] };
    const params: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) params[route.names[i] as string] = decode(values[i] as string);
    return { kind: 'route', value: route.value, params };
  }
}

/** Literal segments first, then the parameter, backtracking when a branch leads nowhere. */
function walk<T>(at: Node<T>, segments: readonly string[], i: number, values: string[]): Node<T> | undefined {
  if (i === segments.length) return at.methods.size > 0 ? at : undefined;
  const segment = segments[i] as string;
  const literal = at.literal.get(segment);
  if (literal) {
    const found = walk(literal, segments, i + 1, values);
    if (found) return found;
  }
  if (at.param && segment !== '') {
    values.push(segment);
    const found = walk(at.param, segments, i + 1, values);
    if (found) return found;
    values.pop();
  }
  return undefined;
}

/** A malformed escape stays as sent: the route's validation refuses it with a field name. */
function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
