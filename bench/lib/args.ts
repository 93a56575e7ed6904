import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly quick: boolean;
  /** Run only these measures (ids), or all. */
  readonly only: readonly string[] | null;
  /** Seconds per load test. */
  readonly duration: number;
  readonly connections: number;
  readonly out: string;
  readonly buyers: number;
  readonly seats: number;
  readonly processes: number;
  /** Waiting-queue sizes for the growth measure. */
  readonly sizes: readonly number[];
}

const HELP = `npm run bench [-- options]
  --quick              smoke pass for CI: tiny sizes, 1-2 s per load test (< 1 minute)
  --only a,b           run only these measures: host, redis-ops, status, scaling, contention, wait
  --duration <s>       seconds per load test (default 10, quick 1)
  --connections <n>    HTTP connections / Redis clients (default 50)
  --buyers <k>         contention buyers (default 10000, quick 120)
  --seats <m>          contention seats (default 1000, quick 20)
  --processes <p>      contention host processes (default 4, quick 2)
  --sizes a,b,..       waiting-queue sizes (default 1e3,1e4,1e5,1e6; quick 1e3,1e4)
  --out <base>         result files without extension (default bench/results/latest, quick bench/results/quick)`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      buyers: { type: 'string' },
      seats: { type: 'string' },
      processes: { type: 'string' },
      sizes: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick === true;
  const num = (raw: string | undefined, fallback: number, name: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
    return n;
  };
  const sizes = values.sizes
    ? values.sizes.split(',').map((s) => num(s, 0, 'sizes'))
    : quick
      ? [1_000, 10_000]
      : [1_000, 10_000, 100_000, 1_000_000];
  return {
    quick,
    only: values.only ? values.only.split(',').map((s) => s.trim()) : null,
    duration: num(values.duration, quick ? 1 : 10, 'duration'),
    connections: num(values.connections, 50, 'connections'),
    buyers: num(values.buyers, quick ? 120 : 10_000, 'buyers'),
    seats: num(values.seats, quick ? 20 : 1_000, 'seats'),
    processes: num(values.processes, quick ? 2 : 4, 'processes'),
    sizes,
    out: values.out ?? (quick ? 'bench/results/quick' : 'bench/results/latest'),
  };
}
