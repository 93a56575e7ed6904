import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { openApiDocument, problemStatuses, ROUTES, signToken, startServer, type RouteSpec, type RunningServer, type StartOptions } from '../../src/index.js';
import { Problem } from '../../src/schemas/common.js';

export interface Answer<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as is, with no JSON encoding. */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly bearer?: string | null;
  readonly queueToken?: string;
  readonly idempotencyKey?: string;
}

/** Counts of answers checked against the documented schemas, per test file. */
export const contractStats = { checked: 0, routes: new Set<string>() };

const matchers = ROUTES.map((r) => ({
  spec: r,
  re: new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

interface DocResponse {
  content?: Record<string, { schema?: object }>;
}
const document = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, DocResponse> }>>; components: object };
const documentPaths = document.paths;

/** JSON Schema 2020-12 validators of the documented response bodies, read from /openapi.json itself. */
const ajv = new Ajv2020({ strict: false, allErrors: true });
// The formats the document names (date-time, ...) are checked, not skipped with an "unknown format" warning.
// ajv-formats is CommonJS: its plugin is the module's `default` property.
addFormatsModule.default(ajv);
ajv.addSchema({ $id: 'openapi.json', components: document.components });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function documentedValidator(path: string, method: string, status: number, type: string) {
  const key = `${method} ${path} ${status} ${type}`;
  let v = validators.get(key);
  if (!v) {
    const schema = documentPaths[path]?.[method]?.responses[String(status)]?.content?.[type]?.schema;
    if (!schema) return undefined;
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as object;
    v = ajv.compile(rewritten);
    validators.set(key, v);
  }
  return v;
}

function routeOf(method: string, path: string): RouteSpec | undefined {
  return matchers.find((m) => m.spec.method === method.toLowerCase() && m.re.test(path))?.spec;
}

/**
 * The contract check every test answer goes through: the status is documented
 * in /openapi.json for that operation, and the body parses with its schema
 * (the same zod schema the document was generated from); failures are
 * problem+json with a domain code.
 */
export function checkContract(method: string, pathWithQuery: string, answer: Answer): void {
  const path = pathWithQuery.split('?')[0] as string;
  const type = answer.headers.get('content-type') ?? '';
  const where = `${method} ${path} -> ${answer.status}`;
  const spec = routeOf(method, path);
  contractStats.checked++;
  if (answer.status >= 400) {
    expect(type, `${where}: problem content type`).toMatch(/^application\/problem\+json/);
    if (spec) {
      const documented = documentedValidator(spec.path, spec.method, answer.status, 'application/problem+json');
      expect(documented?.(answer.body), `${where}: problem matches /openapi.json ${JSON.stringify(documented?.errors)}`).toBe(true);
    }
    const parsed = Problem.safeParse(answer.body);
    expect(parsed.success, `${where}: problem shape ${JSON.stringify(answer.body)}`).toBe(true);
    expect(answer.body.status).toBe(answer.status);
    expect(answer.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  }
  if (!spec) {
    expect(answer.status, `${where}: an undocumented route must fail`).toBeGreaterThanOrEqual(400);
    return;
  }
  contractStats.routes.add(`${spec.method} ${spec.path}`);
  const documented = documentPaths[spec.path]?.[spec.method]?.responses ?? {};
  expect(Object.keys(documented), `${where}: status documented in /openapi.json`).toContain(String(answer.status));
  const ok = spec.responses[answer.status];
  if (ok) {
    if (ok.schema && (ok.contentType ?? 'application/json') === 'application/json') {
      expect(type, `${where}: content type`).toMatch(/^application\/json/);
      const parsed = ok.schema.safeParse(answer.body);
      expect(parsed.success, `${where}: body matches its schema: ${parsed.error?.message ?? ''}`).toBe(true);
      // And the same body against the JSON Schema in /openapi.json, with an outside validator (Ajv, 2020-12).
      const documented = documentedValidator(spec.path, spec.method, answer.status, 'application/json');
      expect(documented, `${where}: documented schema`).toBeDefined();
      expect(documented?.(answer.body), `${where}: body matches /openapi.json ${JSON.stringify(documented?.errors)}`).toBe(true);
    }
    return;
  }
  expect(problemStatuses(spec), `${where}: problem status documented`).toContain(answer.status);
}

/** A user of the API: fetch with its bearer, checking every answer against the contract. */
export class Client {
  constructor(
    readonly base: string,
    readonly bearer: string | null,
    readonly userId = '',
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.bearer === undefined ? this.bearer : options.bearer;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.queueToken) headers['queue-token'] = options.queueToken;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed = /json/.test(type) && text !== '' ? JSON.parse(text) : text;
    const answer: Answer<T> = { status: res.status, headers: res.headers, body: parsed as T, text };
    checkContract(method, path, answer);
    return answer;
  }

  get<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('GET', path, o);
  }
  post<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('POST', path, { ...o, body });
  }
  delete<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('DELETE', path, o);
  }
  put<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('PUT', path, { ...o, body });
  }
  /** A JSON merge patch with If-Match (null: no If-Match header). */
  patch<T = any>(path: string, body: unknown, ifMatch: string | null, o?: RequestOptions) {
    const headers: Record<string, string> = { 'content-type': 'application/merge-patch+json', ...o?.headers };
    if (ifMatch !== null) headers['if-match'] = ifMatch;
    return this.request<T>('PATCH', path, { ...o, body, headers });
  }

  // The seed's steps, for brevity in tests.
  enter() {
    return this.post('/v1/queue/tokens');
  }
  status(token: string) {
    return this.get(`/v1/queue/tokens/${token}`);
  }
  hold(qt: string, scheduleId: string, seats: number[]) {
    return this.post('/v1/reservations', { scheduleId, seats }, { queueToken: qt });
  }
  pay(qt: string, reservationId: string, key: string) {
    return this.post('/v1/payments', { reservationId }, { queueToken: qt, idempotencyKey: key });
  }
  charge(amount: unknown, key: string) {
    return this.post('/v1/wallet/charges', { amount }, { idempotencyKey: key });
  }
  wallet(query = '') {
    return this.get(`/v1/wallet${query}`);
  }
}

export interface TestHost extends RunningServer {
  user(userId: string): Promise<Client>;
  /** A client whose bearer grants the operator role. */
  operator(userId: string): Promise<Client>;
  anonymous(): Client;
}

/**
 * A host on port 0 with quiet logs and a fixed secret, and clients for its users.
 * Rate limits are off unless a test asks for them (`rateLimits: 'on'`): most tests
 * call faster than any buyer would, and the rate limit tests state their quotas.
 */
export async function testHost(options: StartOptions = {}): Promise<TestHost> {
  const host = await startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', secret: 'test-secret-0123456789abcdef-0123456', rateLimits: 'off', ...options });
  return Object.assign(host, {
    // Minted on the host's clock (a test may run it behind the wall clock), so iat and exp are judged as the host sees them.
    user: async (userId: string) => new Client(host.url, await signToken(host.secret, userId, 3600, host.boxoffice.options.clock.now()), userId),
    operator: async (userId: string) => new Client(host.url, await signToken(host.secret, userId, 3600, host.boxoffice.options.clock.now(), ['operator']), userId),
    anonymous: () => new Client(host.url, null),
  });
}

/** Polls `probe` until it returns true or the time runs out. */
export async function until(probe: () => Promise<boolean> | boolean, timeoutMs = 5000, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
