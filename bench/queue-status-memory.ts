/**
 * How the memory queue's status lookup and admission tick scale with the waiting line.
 *
 *   node --conditions=source --import tsx bench/queue-status-memory.ts [--sizes 1000,1000000] [--rounds 5]
 *
 * For each size it fills one queue past the size, then every 10th token leaves (holes in the middle
 * of the line, as real users abandon), leaving exactly `size` waiting. It then times, in one
 * process and interleaved round by round so machine noise hits every size alike:
 *  - status: QueueService.status (a heartbeat plus the 1-based position) of tokens at random positions;
 *  - tick: QueueService.tick admitting ADMIT_PER_TICK tokens from the head. Between ticks, untimed,
 *    the admitted sessions complete and as many new users enter at the tail, so the size holds.
 * It prints a table, the ratio of the largest size to the smallest, and the figures as JSON.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBoxoffice, type Boxoffice } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { createMemoryStore } from '@boxoffice/adapter-memory';

const QUEUE = 'bench';
const ADMIT_PER_TICK = 10;

/** Time stands still: nobody idles out and no session ends while measuring. */
const fixedClock = new ManualClock(Date.UTC(2030, 0, 1));

interface Line {
  readonly size: number;
  readonly bo: Boxoffice;
  /** Waiting tokens and their users, for random status lookups. */
  readonly waiting: { token: string; userId: string }[];
  nextUser: number;
  fillMs: number;
}

async function buildLine(size: number): Promise<Line> {
  const bo = createBoxoffice({
    store: createMemoryStore(),
    clock: fixedClock,
    ids: new SequenceIds('b'),
    config: { maxActive: ADMIT_PER_TICK, admitPerMinute: 1_000_000, tickBatch: 1_000 },
  });
  const t0 = performance.now();
  const entered = size + Math.floor(size / 9);
  const all: { token: string; userId: string }[] = [];
  for (let i = 0; i < entered; i++) {
    const userId = `u${i}`;
    const { status } = await bo.queue.enter(QUEUE, userId);
    all.push({ token: status.token, userId });
  }
  // Every 10th leaves, from all over the line, until exactly `size` wait.
  const waiting: { token: string; userId: string }[] = [];
  let toLeave = entered - size;
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (i % 10 === 9 && toLeave > 0) {
      await bo.queue.leave(QUEUE, t.token, t.userId);
      toLeave -= 1;
    } else {
      waiting.push(t);
    }
  }
  const counts = await bo.queue.counts(QUEUE);
  if (counts.waiting !== size) throw new Error(`expected ${size} waiting, got ${counts.waiting}`);
  return { size, bo, waiting, nextUser: entered, fillMs: performance.now() - t0 };
}

/** Mean µs of one status call over `samples` tokens at random positions. */
async function timeStatus(line: Line, samples: number): Promise<number> {
  const picks = Array.from({ length: samples }, () => line.waiting[Math.floor(Math.random() * line.waiting.length)]!);
  const t0 = performance.now();
  for (const p of picks) await line.bo.queue.status(QUEUE, p.token, p.userId);
  return ((performance.now() - t0) * 1000) / samples;
}

/** Mean µs of one tick that admits ADMIT_PER_TICK tokens; the line is topped up between ticks, untimed. */
async function timeTick(line: Line, ticks: number): Promise<number> {
  let total = 0;
  const admitted = new Set<string>();
  for (let i = 0; i < ticks; i++) {
    const t0 = performance.now();
    const report = await line.bo.queue.tick(QUEUE);
    total += performance.now() - t0;
    if (report.admitted.length !== ADMIT_PER_TICK) throw new Error(`tick admitted ${report.admitted.length}`);
    for (const token of report.admitted) {
      admitted.add(token);
      await line.bo.queue.complete(QUEUE, token);
    }
    for (let k = 0; k < ADMIT_PER_TICK; k++) {
      const userId = `u${line.nextUser++}`;
      const { status } = await line.bo.queue.enter(QUEUE, userId);
      line.waiting.push({ token: status.token, userId });
    }
  }
  // Status lookups stay on tokens that still wait.
  const still = line.waiting.filter((w) => !admitted.has(w.token));
  line.waiting.length = 0;
  for (const w of still) line.waiting.push(w);
  return (total * 1000) / ticks;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,1000000' },
      rounds: { type: 'string', default: '7' },
      samples: { type: 'string', default: '50000' },
      ticks: { type: 'string', default: '200' },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number.parseInt(s, 10));
  const rounds = Number.parseInt(values.rounds, 10);
  const samples = Number.parseInt(values.samples, 10);
  const ticks = Number.parseInt(values.ticks, 10);

  const lines: Line[] = [];
  for (const size of sizes) {
    const line = await buildLine(size);
    console.log(`filled ${size.toLocaleString('en')} waiting (every 10th of ${(size + Math.floor(size / 9)).toLocaleString('en')} left) in ${(line.fillMs / 1000).toFixed(1)} s`);
    lines.push(line);
  }

  // Warm up every path before timing.
  for (const line of lines) {
    await timeStatus(line, 2_000);
    await timeTick(line, 10);
  }
  const status = new Map<number, number[]>();
  const tick = new Map<number, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const line of lines) {
      (status.get(line.size) ?? status.set(line.size, []).get(line.size)!).push(await timeStatus(line, samples));
      (tick.get(line.size) ?? tick.set(line.size, []).get(line.size)!).push(await timeTick(line, ticks));
    }
  }

  const rows = lines.map((line) => ({
    waiting: line.size,
    statusMeanUs: median(status.get(line.size)!),
    tickMeanUs: median(tick.get(line.size)!),
    statusBestUs: Math.min(...status.get(line.size)!),
    tickBestUs: Math.min(...tick.get(line.size)!),
    statusRoundsUs: status.get(line.size)!,
    tickRoundsUs: tick.get(line.size)!,
  }));
  const small = rows[0]!;
  const large = rows[rows.length - 1]!;
  const result = {
    bench: 'queue-status-memory',
    node: process.version,
    command: 'node --conditions=source --import tsx bench/queue-status-memory.ts',
    method: `per size, ${rounds} interleaved rounds, each the mean of ${samples} status calls (random waiting tokens) and of ${ticks} ticks admitting ${ADMIT_PER_TICK} each; every 10th token left before measuring. Mean = median round, best = fastest round (least disturbed by other load)`,
    rows,
    ratio: {
      of: `${large.waiting} vs ${small.waiting} waiting`,
      status: large.statusMeanUs / small.statusMeanUs,
      tick: large.tickMeanUs / small.tickMeanUs,
      statusBest: large.statusBestUs / small.statusBestUs,
      tickBest: large.tickBestUs / small.tickBestUs,
    },
  };

  console.log('\n  waiting   status µs (median / best)   tick µs (median / best)');
  for (const row of rows) {
    console.log(
      `${row.waiting.toLocaleString('en').padStart(9)}   ${row.statusMeanUs.toFixed(3).padStart(9)} / ${row.statusBestUs.toFixed(3).padEnd(9)}       ${row.tickMeanUs.toFixed(2).padStart(8)} / ${row.tickBestUs.toFixed(2)}`,
    );
  }
  const r = result.ratio;
  console.log(`ratio ${r.of}: status ${r.status.toFixed(2)}x (best ${r.statusBest.toFixed(2)}x), tick ${r.tick.toFixed(2)}x (best ${r.tickBest.toFixed(2)}x)\n`);
  console.log(JSON.stringify(result, null, 2));
}

await main();
