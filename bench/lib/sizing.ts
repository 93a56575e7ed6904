import { fmt } from './report.js';

/** The inputs the sizing sketch reads from a run's facts; any may be missing. */
interface Facts {
  hostCpuUsPerRequest?: Record<string, number>;
  hostBestRps?: Record<string, number>;
  sameScriptPerSecond?: Record<string, number>;
  noopEvalsha?: number[];
  redisBytesPerToken?: Record<string, number>;
  scalingRedis?: { size: number; bytesPerToken: number | null }[];
  contention?: { holdRequests: number; holdMs: number };
  [key: string]: unknown;
}

const WAITING = 1_000_000;
/** At the default 600 admissions a minute, everyone past position ~1,000 is told to poll every 10 s (core's cap). */
const POLL_SECONDS = 10;

/**
 * What the run's per-operation costs mean for 10^6 waiting users, computed
 * from the same run so the README's arithmetic can be checked against it.
 */
export function sizingMarkdown(raw: Record<string, unknown>, processes: number): string {
  const f = raw as Facts;
  const lines = ['', '## What this run means for 10^6 waiting users', ''];
  const polls = WAITING / POLL_SECONDS;
  lines.push(`- Polling: 10^6 waiting users polling every ${POLL_SECONDS} s make ${fmt(polls)} status requests/s.`);
  const cpu = f.hostCpuUsPerRequest?.redis;
  if (cpu) {
    lines.push(`- Hosts: a status poll on the Redis store costs ${fmt(cpu)} µs of host CPU, so one core serves at most ${fmt(1e6 / cpu)}/s; ${fmt(polls)}/s needs ${fmt((polls * cpu) / 1e6)} busy cores, about ${Math.ceil((polls * cpu) / 1e6 / 0.6)} at 60% utilisation.`);
  }
  const status = f.sameScriptPerSecond?.status;
  if (status) {
    lines.push(`- Redis: one Redis core runs the status script ${fmt(status)} times/s here (redis-benchmark replay), so ${fmt(polls)}/s is ${fmt(polls / status)} cores' worth. One queue's keys share one hash tag, so one queue lives on one shard and one core: ${polls / status > 0.7 ? 'more than one shard can give it. Poll less often, split the line into several queues, or serve positions from a per-host cache' : 'it fits'}.`);
  }
  const bytes = f.scalingRedis?.at(-1)?.bytesPerToken;
  if (bytes) lines.push(`- Memory: ${fmt(bytes)} B per waiting token is ${fmt((bytes * WAITING) / 2 ** 20)} MiB for 10^6 on that one shard.`);
  if (f.contention) {
    const rate = (f.contention.holdRequests * 1000) / f.contention.holdMs;
    lines.push(`- Sales: the contention run served ${fmt(rate)} hold requests/s over ${processes} host processes sharing this machine's cores; holds of one date share one shard, payments spread over users' shards.`);
  }
  return lines.join('\n') + '\n';
}
