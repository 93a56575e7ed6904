import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rushCatalog, SCHEDULE_ID } from '../../examples/rush/src/catalog.js';
import { bearer, BENCH_SECRET } from '../lib/jwt.js';
import { startHost, type ChildServer } from '../lib/processes.js';

export const SEAT_MAP_SEATS = 1_000;
const SALE = 'seats';
const USERS = 50;

/** Active buyers on one host reading a 1,000-seat map, each with its bearer, Queue-Token and Admission-Pass. */
export interface SeatMapReaders {
  readonly server: ChildServer;
  /** The seat list, once per buyer. */
  readonly paths: string[];
  /** The compact availability bitmap, once per buyer. */
  readonly compactPaths: string[];
  /** With the pass; `withEtag` adds If-None-Match of the current map (a race loser's re-read). */
  readonly headers: Record<string, string>[];
  readonly withEtag: Record<string, string>[];
  /** Fetches fresh passes (they live 60 s, a bench round longer): call before each run. */
  refresh(): Promise<void>;
}

/** A memory host selling one 1,000-seat date, with USERS buyers admitted at once. */
export async function startSeatMapReaders(): Promise<SeatMapReaders> {
  const file = join(tmpdir(), `boxoffice-bench-seats-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ concerts: rushCatalog(SEAT_MAP_SEATS), sales: [{ id: SALE, name: 'Seat map bench', scheduleIds: [SCHEDULE_ID] }] }));
  const server = await startHost({
    BOXOFFICE_STORE: 'memory',
    BOXOFFICE_SECRET: BENCH_SECRET,
    BOXOFFICE_CATALOG: file,
    BOXOFFICE_DEFAULT_SALE: SALE,
    BOXOFFICE_MAX_ACTIVE: String(USERS * 2),
    BOXOFFICE_ADMIT_PER_MINUTE: String(USERS * 100),
    BOXOFFICE_SESSION_TTL_SECONDS: '3600',
  });
  const users: Array<{ auth: string; token: string }> = [];
  for (let i = 0; i < USERS; i++) {
    const auth = `Bearer ${await bearer(BENCH_SECRET, `seats-${i}`)}`;
    const res = await fetch(`${server.url}/v1/sales/${SALE}/queue/tokens`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 201) throw new Error(`entering the seat map sale answered ${res.status}: ${await res.text()}`);
    users.push({ auth, token: ((await res.json()) as { token: string }).token });
  }
  const headers: Record<string, string>[] = [];
  const withEtag: Record<string, string>[] = [];
  const refresh = async () => {
    headers.length = 0;
    withEtag.length = 0;
    for (const u of users) {
      const pass = await passOf(server, u.auth, u.token);
      headers.push({ authorization: u.auth, 'queue-token': u.token, 'admission-pass': pass });
    }
    const map = await fetch(`${server.url}/v1/schedules/${SCHEDULE_ID}/seats`, { headers: headers[0] });
    if (map.status !== 200) throw new Error(`the seat map answered ${map.status}: ${await map.text()}`);
    const etag = map.headers.get('etag') ?? '';
    for (const h of headers) withEtag.push({ ...h, 'if-none-match': etag });
  };
  await refresh();
  const many = (path: string) => users.map(() => path);
  return { server, paths: many(`/v1/schedules/${SCHEDULE_ID}/seats`), compactPaths: many(`/v1/schedules/${SCHEDULE_ID}/availability`), headers, withEtag, refresh };
}

/** The pass of an active token: polls its status until the scheduler has admitted it. */
async function passOf(server: ChildServer, auth: string, token: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${server.url}/v1/sales/${SALE}/queue/tokens/${token}`, { headers: { authorization: auth } });
    const pass = res.headers.get('admission-pass');
    if (pass) return pass;
    await sleep(100);
  }
  throw new Error('a seat map buyer was not admitted within 10 s');
}
