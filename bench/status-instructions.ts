/**
 * Instructions the Redis status scripts cost per token, counted by callgrind: a steady figure on a machine
 * whose load makes CPU times swing (issue 17's status rows). It fills a line on a private redis-server through
 * the library, saves it, restarts the same data under `valgrind --tool=callgrind` (instrumentation off until
 * each measure), and runs queue-status batches by EVALSHA, counting the server's instructions from the first
 * batch to the last (the command's parsing, the script, the reply). With `--against <git ref>` the script as
 * it stood at that ref runs on the same data too. Needs valgrind (callgrind_control) on PATH.
 *
 *   node --conditions=source --import tsx bench/status-instructions.ts [--count 200000] [--tokens 2000]
 *     [--against <ref>]
 *
 * Each row: a batch size, its order (spread: entry order, 3,331 tokens apart; shuffled: the same tokens in another
 * order, as a host's polls arrive), a heartbeat due in one read of k (0: none, as a stream tick past the slack), and
 * the instructions per token. A lone status (batch 1) is mostly the script's fixed cost. Then queue-places (the lean
 * path: places by seq), its seqs in ascending order as the adapter sends them, and shuffled.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { RedisKeys } from '@boxoffice/adapter-redis';
import { sparePort, startRedis, stopChild, waitForPing } from '../packages/adapters/redis/test/private-server.js';
import { openRedisStore } from './lib/redis-store.js';
import { fillLine, OffsetClock, statusBox, type Waiter } from './lib/status-costs.js';

const { values: args } = parseArgs({
  options: { count: { type: 'string', default: '200000' }, tokens: { type: 'string', default: '2000' }, against: { type: 'string' } },
});
const COUNT = Number(args.count);
const TOKENS = Number(args.tokens);
const QUEUE = 'hot';
const PREFIX = 'bench-instr';
const SCRIPTS = 'packages/adapters/redis/scripts/';
/** Batch sizes and heartbeat spacing: the stream tick (1,000, none due), the coalesced polls (50, one in three due, as the pace makes them; every one due: the full reads the lean path sent on before queue-places-4), a lone poll. */
const CASES: ReadonlyArray<readonly [number, number, 'spread' | 'shuffled']> = [[1000, 0, 'spread'], [50, 3, 'spread'], [50, 3, 'shuffled'], [50, 1, 'shuffled'], [1, 3, 'spread']];

/** A script as `ref` had it (or the working tree), its includes spliced in as scripts.ts does. */
function script(file: string, ref: string | undefined): string {
  const read = (name: string): string => (ref ? execFileSync('git', ['show', `${ref}:${SCRIPTS}${name}`], { encoding: 'utf8' }) : readFileSync(SCRIPTS + name, 'utf8'));
  const include = (lua: string, seen: ReadonlySet<string>): string =>
    lua.replace(/^-- @include ([a-z-]+)$/gm, (_, name: string) => (seen.has(name) ? '' : include(read(`${name}.lua`).trimEnd(), new Set([...seen, name]))));
  return include(read(file), new Set());
}

/** Seqs of waiting tokens spread over the line, for queue-places (read at the fill: its calls name seqs, not tokens). */
const SEQS: string[] = [];

async function fill(dir: string): Promise<Waiter[]> {
  const server = await startRedis({ dir, extraArgs: ['--loglevel', 'warning'] });
  try {
    const store = await openRedisStore(server.url, PREFIX);
    const users = await fillLine(statusBox(store, new OffsetClock()), QUEUE, COUNT);
    for (let j = 0; j < TOKENS; j++) SEQS.push(String((await store.queue.view(QUEUE, users[(j * 3331) % users.length]!.token))!.token.seq));
    await (store.client as unknown as Redis).save();
    await store.close();
    return users;
  } finally {
    await server.stop();
  }
}

const dir = execFileSync('mktemp', ['-d', '/tmp/bo-instr-XXXX'], { encoding: 'utf8' }).trim();
console.log(`filling ${COUNT.toLocaleString('en')} waiting tokens`);
const users = await fill(dir);
const port = await sparePort();
const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${dir}/cg.out`, 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const control = (...a: string[]): string => execFileSync('callgrind_control', [...a, String(child.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
/** Dumps the counts since the last zeroing and returns their total instructions. */
function dumpInstructions(): number {
  for (const f of readdirSync(dir)) if (f.startsWith('cg.out.')) rmSync(`${dir}/${f}`);
  control('-d');
  const file = readdirSync(dir).find((f) => f.startsWith('cg.out.'))!;
  return Number(/^summary: (\d+)/m.exec(readFileSync(`${dir}/${file}`, 'utf8'))![1]);
}
try {
  await waitForPing(port, child, 120_000);
  const client = new Redis(port, '127.0.0.1');
  const k = new RedisKeys(PREFIX).queue(QUEUE);
  const keys = [k.line, k.lineTree, k.preQueue, k.meta];
  const head = [k.buckets, k.endedPrefix, QUEUE, '60000'];
  const subjects: Array<[string, string]> = [['working tree', script('queue-status-4.lua', undefined)]];
  if (args.against) subjects.push([args.against, script('queue-status-4.lua', args.against)]);
  let clock = Date.now() + 86_400_000;
  for (const [batch, due, order] of CASES) {
    for (const [name, lua] of subjects) {
      const sha = (await client.script('LOAD', lua)) as string;
      await client.evalsha(sha, keys.length, ...keys, ...head);
      const batches = Math.ceil(Math.min(TOKENS, batch * 200) / batch);
      control('-i', 'on');
      control('-z');
      for (let b = 0; b < batches; b++) {
        const argv = [...head];
        for (let j = 0; j < batch; j++) {
          // spread: a batch's tokens in entry order, 3,331 apart; shuffled: the same tokens in another order.
          const jj = order === 'spread' ? j : (j * 7919) % batch;
          const u = users[((b * batch + jj) * 3331) % users.length]!;
          // A due heartbeat moves lastSeenAt on by more than the slack; '0' is never due.
          argv.push(u.token, due > 0 && (b * batch + jj) % due === 0 ? String((clock += 100_000)) : '0', u.userId);
        }
        await client.evalsha(sha, keys.length, ...keys, ...argv);
      }
      const perToken = dumpInstructions() / (batches * batch);
      control('-i', 'off');
      console.log(`batch ${String(batch).padStart(4)} (${order}), heartbeat due ${due ? `1 in ${due}` : 'never'}: ${Math.round(perToken).toLocaleString('en').padStart(7)} instructions a token  (${name})`);
    }
  }
  // queue-places: the lean path's calls, a seq's bit and rank. The adapter sends a call's seqs in ascending order
  // (a seq near the one before counts from it); shuffled shows the cost of any other order. Since queue-places-4 a
  // lean call also carries the heartbeats due (one in three at the pace), which before were full reads (above).
  const placesAt = (ref: string | undefined): [string, string, boolean] => {
    try {
      return [ref ?? 'working tree', script('queue-places-4.lua', ref), true];
    } catch {
      return [ref!, script('queue-places-3.lua', ref), false];
    }
  };
  const places = [placesAt(undefined), ...(args.against ? [placesAt(args.against)] : [])];
  const PLACE_CASES: ReadonlyArray<readonly [number, 'ascending' | 'shuffled', number]> = [[50, 'ascending', 0], [1000, 'ascending', 0], [50, 'shuffled', 0], [50, 'ascending', 3]];
  for (const [batch, order, due] of PLACE_CASES) {
    for (const [name, lua, beats] of places) {
      if (due > 0 && !beats) continue;
      const sha = (await client.script('LOAD', lua)) as string;
      const batches = Math.floor(SEQS.length / batch);
      control('-i', 'on');
      control('-z');
      for (let b = 0; b < batches; b++) {
        const seqs = SEQS.slice(b * batch, (b + 1) * batch).sort((x, y) => Number(x) - Number(y));
        const asked = order === 'ascending' ? seqs : seqs.map((_, j) => seqs[(j * 7919) % batch]!);
        const beating = due > 0 ? asked.filter((_, j) => (b * batch + j) % due === 0) : [];
        if (beating.length > 0) clock += 100_000;
        const argv = beats ? [k.buckets, beating.length > 0 ? String(clock) : '', String(asked.length), ...asked, ...beating] : asked;
        await client.evalsha(sha, beats ? 4 : 3, k.line, k.lineTree, k.preQueue, ...(beats ? [k.meta] : []), ...argv);
      }
      const perSeq = dumpInstructions() / (batches * batch);
      control('-i', 'off');
      const beat = due > 0 ? `, heartbeat due 1 in ${due}` : '';
      console.log(`places, batch ${String(batch).padStart(4)}, ${order.padEnd(9)}${beat}: ${Math.round(perSeq).toLocaleString('en').padStart(7)} instructions a seq  (${name})`);
    }
  }
  client.disconnect();
} finally {
  await stopChild(child);
  rmSync(dir, { recursive: true, force: true });
}
