import { parseArgs } from 'node:util';

export interface RushOptions {
  /** People who arrive during the rush. */
  readonly users: number;
  /** Seats on sale (one date). */
  readonly seats: number;
  readonly store: 'memory' | 'redis';
  /** Host processes; more than one needs the redis store. */
  readonly processes: number;
  /** Arrivals per second after the opening burst. */
  readonly arrivalRate: number;
  /** Seconds from the crowd's start until the sale opens; arrivals before it join the pre-queue (0: open from the start). */
  readonly opensIn: number;
  /** Share of users who arrive in the first second, when the sale opens. */
  readonly burst: number;
  /** The host's admission rate. */
  readonly admitPerMinute: number;
  /** The hosts' admission ramp (BOXOFFICE_ADMISSION_RAMP_SECONDS): 60 paces the opening, 0 lets a minute in at once. */
  readonly ramp: number;
  readonly maxActive: number;
  /** Mean patience in seconds of a waiting user before giving up (exponential). */
  readonly patience: number;
  /** Share of users who wait on the event stream instead of polling. */
  readonly sse: number;
  /** Share of holders who walk away without paying, so their holds expire. */
  readonly abandon: number;
  /** Share of holders who try to pay before charging their wallet (and get 402). */
  readonly payFirst: number;
  /** Share of buyers who refund their payment right after paying, kept as sales complete (the sale takes refunds past the run). */
  readonly refunds: number;
  /** Share of people turned away by the sell-out who join the sale's waiting list. */
  readonly waitlist: number;
  /** Most seats one user takes (1..4). */
  readonly maxSeatsPerUser: number;
  readonly holdTtlSeconds: number;
  /** Stop after this many seconds even if users are still waiting. */
  readonly maxSeconds: number;
  /** Redis URL; without one a private redis-server is started in a temp dir. */
  readonly redisUrl: string | null;
  /** Write the per-second time series here. */
  readonly csv: string | null;
  /** Sockets per host from the simulator. */
  readonly sockets: number;
  /** Run the host inside this process (memory store, one process): for tests. */
  readonly inProcess: boolean;
  readonly progress: boolean;
  readonly seed: number;
  /** Scripted clients added to the crowd (see bots.ts); with any, the hosts' fair-play defences are on. */
  readonly bots: number;
  /** The crowd's sale's proofOfWork (most attempts a solve takes) when there are bots. */
  readonly pow: number;
}

export const DEFAULTS: RushOptions = {
  users: 2000,
  seats: 300,
  store: 'memory',
  processes: 1,
  arrivalRate: 150,
  opensIn: 5,
  burst: 0.4,
  admitPerMinute: 1200,
  ramp: 60,
  maxActive: 100,
  patience: 25,
  sse: 0.25,
  abandon: 0.05,
  payFirst: 0.1,
  refunds: 0.1,
  waitlist: 0.5,
  maxSeatsPerUser: 2,
  holdTtlSeconds: 8,
  maxSeconds: 45,
  redisUrl: null,
  csv: null,
  sockets: 64,
  inProcess: false,
  progress: true,
  seed: 1,
  bots: 0,
  pow: 2000,
};

const HELP = `npm run rush [-- options]   the on-sale rush against the boxoffice HTTP host
  --users <n>             people arriving (default ${DEFAULTS.users})
  --seats <n>             seats on sale (default ${DEFAULTS.seats})
  --store memory|redis    host store (default ${DEFAULTS.store})
  --processes <n>         host processes; >1 needs --store redis (default ${DEFAULTS.processes})
  --rate <n>              arrivals per second after the opening burst (default ${DEFAULTS.arrivalRate})
  --burst <0..1>          share arriving in the first second (default ${DEFAULTS.burst})
  --opens-in <s>          the sale opens this long after the start; earlier arrivals join its
                          pre-queue and are placed by the draw (0: open from the start; default ${DEFAULTS.opensIn})
  --admit-per-minute <n>  host admission rate (default ${DEFAULTS.admitPerMinute})
  --ramp <s>              seconds over which the rate is reached after the opening: 60 an even pace,
                          0 a minute's admissions at once (default ${DEFAULTS.ramp})
  --max-active <n>        host active sessions (default ${DEFAULTS.maxActive})
  --patience <s>          mean seconds a user waits before giving up (default ${DEFAULTS.patience})
  --sse <0..1>            share waiting on the event stream instead of polling (default ${DEFAULTS.sse})
  --abandon <0..1>        share of holders who never pay (default ${DEFAULTS.abandon})
  --waitlist <0..1>       share of people turned away by the sell-out who join its waiting list, follow
                          their place and pay an offer (a fifth let it lapse) (default ${DEFAULTS.waitlist})
  --refunds <0..1>        share of buyers who refund their payment after paying; the refunded
                          seats go back on sale (default ${DEFAULTS.refunds})
  --hold-ttl <s>          seat hold length (default ${DEFAULTS.holdTtlSeconds})
  --max-seconds <s>       stop after this long (default ${DEFAULTS.maxSeconds})
  --redis-url <url>       use this Redis (a unique key prefix); default: a private redis-server
  --csv <file>            write the per-second time series
  --no-progress           no progress bar (for logs)
  --seed <n>              random seed (default ${DEFAULTS.seed})
  --bots <n>              add n scripted clients: a third skip proof of work, a third poll ten times
                          faster than asked, a third hold from many tabs at once. With bots the hosts
                          run with rate limits on, proof of work on the sale (--pow) and a purchase
                          limit of --max-seats; without, BOXOFFICE_RATE_LIMITS=off (default ${DEFAULTS.bots})
  --pow <n>               the sale's proofOfWork when there are bots (default ${DEFAULTS.pow})
  --max-seats <n>         most seats one person takes, and the sale's maxSeatsPerUser with bots (default ${DEFAULTS.maxSeatsPerUser})`;

export function parseRushArgs(argv: readonly string[]): RushOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      users: { type: 'string' },
      seats: { type: 'string' },
      store: { type: 'string' },
      processes: { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      'opens-in': { type: 'string' },
      'admit-per-minute': { type: 'string' },
      ramp: { type: 'string' },
      'max-active': { type: 'string' },
      patience: { type: 'string' },
      sse: { type: 'string' },
      abandon: { type: 'string' },
      refunds: { type: 'string' },
      waitlist: { type: 'string' },
      'hold-ttl': { type: 'string' },
      'max-seconds': { type: 'string' },
      'redis-url': { type: 'string' },
      csv: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      seed: { type: 'string' },
      bots: { type: 'string' },
      pow: { type: 'string' },
      'max-seats': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (name: string, raw: string | undefined, fallback: number, min: number, max = Infinity): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${raw}`);
    return n;
  };
  const store = values.store ?? DEFAULTS.store;
  if (store !== 'memory' && store !== 'redis') throw new Error(`--store must be memory or redis, got ${store}`);
  const processes = num('processes', values.processes, DEFAULTS.processes, 1, 16);
  if (processes > 1 && store === 'memory') throw new Error('--processes > 1 needs --store redis: memory stores are not shared between processes');
  return {
    ...DEFAULTS,
    users: Math.floor(num('users', values.users, DEFAULTS.users, 1)),
    seats: Math.floor(num('seats', values.seats, DEFAULTS.seats, 1, 100_000)),
    store,
    processes: Math.floor(processes),
    arrivalRate: num('rate', values.rate, DEFAULTS.arrivalRate, 0.001),
    burst: num('burst', values.burst, DEFAULTS.burst, 0, 1),
    opensIn: num('opens-in', values['opens-in'], DEFAULTS.opensIn, 0, 3600),
    admitPerMinute: Math.floor(num('admit-per-minute', values['admit-per-minute'], DEFAULTS.admitPerMinute, 1)),
    ramp: Math.floor(num('ramp', values.ramp, DEFAULTS.ramp, 0, 60)),
    maxActive: Math.floor(num('max-active', values['max-active'], DEFAULTS.maxActive, 1)),
    patience: num('patience', values.patience, DEFAULTS.patience, 0.1),
    sse: num('sse', values.sse, DEFAULTS.sse, 0, 1),
    abandon: num('abandon', values.abandon, DEFAULTS.abandon, 0, 1),
    refunds: num('refunds', values.refunds, DEFAULTS.refunds, 0, 1),
    waitlist: num('waitlist', values.waitlist, DEFAULTS.waitlist, 0, 1),
    holdTtlSeconds: num('hold-ttl', values['hold-ttl'], DEFAULTS.holdTtlSeconds, 1),
    maxSeconds: num('max-seconds', values['max-seconds'], DEFAULTS.maxSeconds, 1),
    redisUrl: values['redis-url'] ?? null,
    csv: values.csv ?? null,
    progress: !values['no-progress'],
    seed: Math.floor(num('seed', values.seed, DEFAULTS.seed, 0)),
    bots: Math.floor(num('bots', values.bots, DEFAULTS.bots, 0, 100_000)),
    pow: Math.floor(num('pow', values.pow, DEFAULTS.pow, 1, 10_000_000)),
    maxSeatsPerUser: Math.floor(num('max-seats', values['max-seats'], DEFAULTS.maxSeatsPerUser, 1, 10)),
  };
}
