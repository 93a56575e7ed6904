import { request } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/strict-json.js';
import { sleep, testHost, until, type Client, type TestHost } from './support/api.js';
import { snapshot } from './support/state.js';

const SCHEDULE = 'aurora-2027-03-14';

/** A raw POST: bytes as given, with the caller's headers; resolves with status, headers and body text. */
function rawPost(url: string, headers: Record<string, string>, parts: Array<Buffer | string>, gapMs = 0) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0 && gapMs > 0) await sleep(gapMs);
        if (req.destroyed) return;
        req.write(part);
      }
      req.end();
    })();
  });
}

describe('request bodies: shape, encoding and pace', () => {
  let host: TestHost;
  let alice: Client;
  let qt: string, rid: string;
  let state: () => Promise<string>;
  const lines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
    host = await testHost({ scheduler: false, logger, bodyTimeoutMs: 400 });
    alice = await host.user('alice');
    qt = (await alice.enter()).body.token;
    await host.tickNow();
    await alice.charge(500_000, 'seed');
    rid = (await alice.hold(qt, SCHEDULE, [5])).body.id;
    state = () => snapshot(host.boxoffice, ['alice'], [qt], [rid]);
  });
  afterAll(() => host.close());

  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${alice.bearer}`,
    'content-type': 'application/json',
    'queue-token': qt,
    ...extra,
  });

  it('5,000 nested arrays (10 KB) to charges and payments are a 400, not a 500, and change nothing (issue 11, bug 5)', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const before = await state();
    for (const [path, body] of [
      ['/v1/wallet/charges', `{"amount":${deep}}`],
      ['/v1/payments', `{"reservationId":${deep}}`],
      ['/v1/wallet/charges', deep],
    ] as const) {
      const r = await alice.request('POST', path, { raw: body, headers: { 'content-type': 'application/json' }, queueToken: qt, idempotencyKey: 'deep' });
      expect([r.status, r.body.code], path).toEqual([400, 'validation_failed']);
      expect(r.body.detail).toMatch(/nests deeper than 32 levels/);
    }
    expect(await state()).toBe(before);
    // The key was not spent on the refused bodies: it still makes a charge.
    expect((await alice.charge(100, 'deep')).status).toBe(201);
  });

  it('nesting up to the bound parses; one level more does not', async () => {
    const nested = (depth: number) => `{"amount":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
    const ok = await alice.request('POST', '/v1/wallet/charges', { raw: nested(MAX_JSON_DEPTH), headers: { 'content-type': 'application/json' }, idempotencyKey: 'n1' });
    expect([ok.status, ok.body.detail]).toEqual([400, expect.stringMatching(/^body\.amount/)]);
    const over = await alice.request('POST', '/v1/wallet/charges', { raw: nested(MAX_JSON_DEPTH + 1), headers: { 'content-type': 'application/json' }, idempotencyKey: 'n2' });
    expect([over.status, over.body.detail]).toEqual([400, expect.stringMatching(/nests deeper/)]);
  });

  it('duplicate keys are a 400, not "last one wins", escaped or nested alike', async () => {
    const before = await state();
    for (const raw of [
      '{"amount":-5,"amount":100}',
      '{"amount":100,"\\u0061mount":100}',
      `{"scheduleId":"${SCHEDULE}","seats":[{"a":1,"a":2}]}`,
      '{"reservationId":"x.y","reservationId":"x.y"}',
    ]) {
      const r = await alice.request('POST', '/v1/wallet/charges', { raw, headers: { 'content-type': 'application/json' }, idempotencyKey: 'dup' });
      expect([r.status, r.body.code, r.body.detail], raw).toEqual([400, 'validation_failed', expect.stringMatching(/appears twice/)]);
    }
    // The same key in two different objects is fine (then the schema speaks).
    const two = await alice.request('POST', '/v1/wallet/charges', { raw: '{"amount":{"a":1},"b":{"a":1}}', headers: { 'content-type': 'application/json' }, idempotencyKey: 'dup2' });
    expect(two.body.detail).not.toMatch(/appears twice/);
    expect(await state()).toBe(before);
  });

  it('a body that is not UTF-8 is 400; another charset is 415; strings must be well-formed Unicode', async () => {
    const before = await state();
    const url = `${host.url}/v1/wallet/charges`;
    const latin1 = Buffer.from('{"amount":100,"note":"caf\xe9"}', 'latin1');
    const badBytes = await rawPost(url, headers({ 'idempotency-key': 'enc-1', 'content-length': String(latin1.length) }), [latin1]);
    expect([badBytes.status, JSON.parse(badBytes.text).detail]).toEqual([400, 'The body is not valid UTF-8.']);
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset="utf-16"', 'application/json; charset=']) {
      const r = await alice.request('POST', '/v1/wallet/charges', { raw: '{"amount":100}', headers: { 'content-type': type }, idempotencyKey: 'enc-2' });
      expect([r.status, r.body.code], type).toEqual([415, 'unsupported_media_type']);
    }
    for (const raw of ['{"amount":100,"x":"\\ud800"}', '{"\\udfff":1}', '{"userId":"victim\\ud800"}']) {
      const r = await alice.request('POST', '/v1/wallet/charges', { raw, headers: { 'content-type': 'application/json' }, idempotencyKey: 'enc-3' });
      expect([r.status, r.body.detail], raw).toEqual([400, expect.stringMatching(/not well-formed Unicode/)]);
    }
    expect(await state()).toBe(before);
    // UTF-8 declared in any spelling is fine.
    for (const [i, type] of ['application/json; charset=utf-8', 'application/json; charset=UTF8'].entries()) {
      const r = await alice.request('POST', '/v1/wallet/charges', { raw: '{"amount":100}', headers: { 'content-type': type }, idempotencyKey: `enc-ok-${i}` });
      expect(r.status, type).toBe(201);
    }
  });

  it('a body that trickles in is cut off with 408 after the body timeout and changes nothing', async () => {
    const before = await state();
    const started = Date.now();
    const body = '{"amount":100}';
    const r = await rawPost(`${host.url}/v1/wallet/charges`, headers({ 'idempotency-key': 'slow', 'content-length': String(body.length) }), body.split(''), 100);
    expect(r.status).toBe(408);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.text)).toMatchObject({ code: 'request_timeout', status: 408 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await state()).toBe(before);
  });

  it('a chunked body that grows past 16 KiB is 413 and the connection closes', async () => {
    const before = await state();
    const parts = ['{"amount":100,"pad":"', ...Array(20).fill('x'.repeat(1024)), '"}'];
    const r = await rawPost(`${host.url}/v1/wallet/charges`, headers({ 'idempotency-key': 'chunked' }), parts, 5);
    expect([r.status, r.headers.connection, JSON.parse(r.text).code]).toEqual([413, 'close', 'payload_too_large']);
    expect(await state()).toBe(before);
  });

  it('a client that leaves mid-body is a debug line, not an internal error', async () => {
    const mark = lines.length;
    await new Promise<void>((resolve) => {
      const req = request(`${host.url}/v1/wallet/charges`, { method: 'POST', headers: headers({ 'idempotency-key': 'gone', 'content-length': '100' }), agent: false });
      req.on('error', () => resolve());
      req.write('{"amount":');
      setTimeout(() => req.destroy(), 50);
    });
    await until(() => lines.slice(mark).some((l) => l.includes('client went away')));
    const logged = lines.slice(mark).map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
    expect(logged.filter((l) => l.level >= 40)).toEqual([]);
    expect(logged.find((l) => l.msg === 'client went away')?.level).toBe(20);
    const metrics = (await host.anonymous().get('/metrics')).text;
    expect(metrics).not.toContain('code="internal_error"');
  });
});
