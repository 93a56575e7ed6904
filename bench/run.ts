/**
 * `npm run bench`: every figure beside a baseline measured in the same run.
 * Starts a private redis-server (never the shared one), runs each measure,
 * writes <out>.json and <out>.md, stops the server by its pid.
 * Exit code: 1 on a measure's error or a failed audit; a missed target only prints.
 */
import { parseBenchArgs } from './lib/args.js';
import { startPrivateRedis } from './lib/redis-server.js';
import { Report } from './lib/report.js';
import { measureContention } from './measures/contention.js';
import { measureHost } from './measures/host-status.js';
import { measureScaling } from './measures/queue-scaling.js';
import { measureStatusPath } from './measures/status-path.js';
import { measureRedisOps } from './measures/redis-ops.js';
import { measureReplicaWait } from './measures/replica-wait.js';

const options = parseBenchArgs(process.argv.slice(2));
const report = new Report();
const started = Date.now();
const redis = await startPrivateRedis();
console.log(`boxoffice bench${options.quick ? ' --quick' : ''}: private redis-server pid ${redis.pid} on port ${redis.port}`);

type Measure = (r: Report, redis: Awaited<ReturnType<typeof startPrivateRedis>>, o: typeof options) => Promise<void>;
const measures: [string, Measure][] = [
  ['host', measureHost],
  ['redis-ops', measureRedisOps],
  ['status', measureStatusPath],
  ['scaling', measureScaling],
  ['contention', measureContention],
  ['wait', measureReplicaWait],
];

try {
  for (const [id, measure] of measures) {
    if (options.only && !options.only.includes(id)) continue;
    console.log(`\n[${id}]`);
    const t0 = Date.now();
    try {
      await measure(report, redis, options);
    } catch (error) {
      report.fail(id, error);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
} finally {
  await redis.stop();
}

report.write(options.out, options);
const missed = report.figures.filter((f) => f.met === false).length;
console.log(`\nwrote ${options.out}.json and ${options.out}.md in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.figures.length} figures, ${missed} targets missed, ${report.skips.length} skipped, ${report.failures.length} failed`);
process.exit(report.failures.length > 0 ? 1 : 0);
