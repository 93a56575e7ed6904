/**
 * What the included Lua library costs a script call before the script does anything, with every library
 * function and with only those the script calls (the include step's `shake`, packages/adapters/redis/src/scripts.ts).
 *
 *   node --conditions=source --import tsx bench/script-library.ts [--rounds 3]
 *
 * For each queue script it loads the library part alone (the script expanded, cut where its own body starts,
 * then `return 0`), both ways, on a private redis-server and runs each under redis-benchmark (50 clients,
 * EVALSHA), against a no-op EVALSHA in the same round. Redis is saturated there, so a call's Redis CPU is
 * about 1/rate: the library's cost is 1/rate less the no-op's. Prints µs a call, the best of the rounds.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { include, shake } from '../packages/adapters/redis/src/scripts.js';
import { noopEvalsha, redisBenchmark } from './lib/redis-benchmark.js';
import { startPrivateRedis } from './lib/redis-server.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const ROUNDS = Number(values.rounds);
const SCRIPTS = ['queue-status-4', 'queue-places-4', 'queue-view-4', 'queue-enter-9', 'queue-admit-6'];
const END = '--@lib<';
const REQUESTS = 200_000;

const redis = await startPrivateRedis();
try {
  const subjects = SCRIPTS.map((file) => {
    const marked = include(readFileSync(new URL(`../packages/adapters/redis/scripts/${file}.lua`, import.meta.url), 'utf8'));
    const cut = marked.lastIndexOf(END) + END.length;
    const whole = marked.slice(0, cut).replace(/^--@lib[<>]$/gm, '') + '\nreturn 0';
    const shaken = shake(`${marked.slice(0, cut)}\n--@body\n${marked.slice(cut)}`);
    const kept = shaken.slice(0, shaken.indexOf('--@body')) + 'return 0';
    const count = (lua: string) => (lua.match(/^local function /gm) ?? []).length;
    return { file, whole, kept, functions: [count(whole), count(kept)] as const, best: [Infinity, Infinity] };
  });
  let noop = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    noop = Math.min(noop, 1e6 / (await noopEvalsha(redis, 50, REQUESTS)).rps);
    for (const s of subjects) {
      for (const [i, lua] of [s.whole, s.kept].entries()) {
        const sha = redis.cli('SCRIPT', 'LOAD', lua);
        s.best[i] = Math.min(s.best[i]!, 1e6 / (await redisBenchmark(redis, 50, REQUESTS, ['EVALSHA', sha, '0'])).rps);
      }
    }
  }
  console.log(`no-op EVALSHA: ${noop.toFixed(2)} µs a call (best of ${ROUNDS})`);
  console.log('script            functions (all / kept)   library µs a call (all / kept)');
  for (const s of subjects) {
    const cost = s.best.map((us) => Math.max(0, us - noop).toFixed(2));
    console.log(`${s.file.padEnd(17)} ${`${s.functions[0]} / ${s.functions[1]}`.padEnd(24)} ${cost[0]} / ${cost[1]}`);
  }
} finally {
  await redis.stop();
}
