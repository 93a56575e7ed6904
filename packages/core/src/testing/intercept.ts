import type { BoxofficeStore } from '../shared/store.js';
import type { LineHeartbeat } from '../queue/queue-repository.js';

export type PortName = 'queue' | 'sales' | 'audit' | 'catalog' | 'inventory' | 'wallets' | 'payments' | 'refunds' | 'idempotency' | 'allowances' | 'waitlist';

/** One call through a port, as an interceptor sees it. */
export interface PortCall {
  readonly port: PortName;
  readonly method: string;
  /** true for calls that may change stored state. */
  readonly mutating: boolean;
  readonly args: readonly unknown[];
}

/** Runs around every port call: may delay it, fail it, or observe it. `run` performs the real call. */
export type Around = <T>(call: PortCall, run: () => Promise<T>) => Promise<T>;

/**
 * A store whose every port method goes through `around`. The ports are plain
 * objects that delegate to the given store, so `wallets` and `payments` stay
 * separate even when the adapter serves both from one object.
 */
export function interceptStore(store: BoxofficeStore, around: Around): BoxofficeStore {
  const { queue: q, catalog: c, inventory: i, wallets: w, payments: p, idempotency: d } = store;
  const call =
    (port: PortName, mutating: boolean) =>
    <A extends unknown[], T>(method: string, fn: (...args: A) => Promise<T>) =>
    (...args: A): Promise<T> =>
      around({ port, method, mutating, args }, () => fn(...args));
  const qm = call('queue', true);
  const qr = call('queue', false);
  const cm = call('catalog', true);
  const cr = call('catalog', false);
  const im = call('inventory', true);
  const ir = call('inventory', false);
  const wm = call('wallets', true);
  const wr = call('wallets', false);
  const pm = call('payments', true);
  const pr = call('payments', false);
  const dm = call('idempotency', true);
  return {
    queue: {
      enter: qm('enter', (x, ttl) => q.enter(x, ttl)),
      view: qr('view', (a, b, h) => q.view(a, b, h)),
      statusMany: qr('statusMany', (a, r, s) => q.statusMany(a, r, s)),
      // A read, unless it carries heartbeats.
      ...(q.linePlaces ? { linePlaces: (a: string, s: readonly number[], h?: LineHeartbeat) => (h ? qm : qr)('linePlaces', (x: string, y: readonly number[], z?: LineHeartbeat) => q.linePlaces!(x, y, z))(a, s, h) } : {}),
      leave: qm('leave', (a, b, n) => q.leave(a, b, n)),
      complete: qm('complete', (a, b, n) => q.complete(a, b, n)),
      expireSessions: qm('expireSessions', (a, n, l) => q.expireSessions(a, n, l)),
      expireIdle: qm('expireIdle', (a, b, n, l) => q.expireIdle(a, b, n, l)),
      admit: qm('admit', (a, r, n) => q.admit(a, r, n)),
      seal: qm('seal', (a, r, n, l) => q.seal(a, r, n, l)),
      unseal: qm('unseal', (a, n) => q.unseal(a, n)),
      listDrawn: qr('listDrawn', (a, o, l) => q.listDrawn(a, o, l)),
      counts: qr('counts', (a, n) => q.counts(a, n)),
      setMode: qm('setMode', (a, m, v, n) => q.setMode(a, m, v, n)),
    },
    catalog: {
      saveConcert: cm('saveConcert', (x) => c.saveConcert(x)),
      listConcerts: cr('listConcerts', () => c.listConcerts()),
      listSchedules: cr('listSchedules', (x) => c.listSchedules(x)),
      getSchedule: cr('getSchedule', (x) => c.getSchedule(x)),
      listScheduleIds: cr('listScheduleIds', () => c.listScheduleIds()),
    },
    inventory: {
      hold: im('hold', (r, n) => i.hold(r, n)),
      offer: im('offer', (r, n) => i.offer(r, n)),
      setWaitlistMode: im('setWaitlistMode', (s, sale, on, g) => i.setWaitlistMode(s, sale, on, g)),
      get: ir('get', (x) => i.get(x)),
      cancel: im('cancel', (x, n) => i.cancel(x, n)),
      claim: im('claim', (x, pid, n) => i.claim(x, pid, n)),
      release: im('release', (x, pid, n) => i.release(x, pid, n)),
      confirm: im('confirm', (x, pid, n) => i.confirm(x, pid, n)),
      refund: im('refund', (x, pid, n) => i.refund(x, pid, n)),
      expire: im('expire', (s, n, l) => i.expire(s, n, l)),
      listStaleClaims: ir('listStaleClaims', (s, b, l) => i.listStaleClaims(s, b, l)),
      takenSeats: ir('takenSeats', (s, n) => i.takenSeats(s, n)),
    },
    wallets: {
      charge: wm('charge', (x) => w.charge(x)),
      balance: wr('balance', (u) => w.balance(u)),
      history: wr('history', (u, l, cur) => w.history(u, l, cur)),
    },
    payments: {
      create: pm('create', (x) => p.create(x)),
      ...(p.record ? { record: pm('record', (x: Parameters<NonNullable<typeof p.record>>[0], e: string, n: number) => p.record!(x, e, n)) } : {}),
      track: pm('track', (u, id, at, r) => p.track(u, id, at, r)),
      get: pr('get', (u, id) => p.get(u, id)),
      findByReservation: pr('findByReservation', (u, r) => p.findByReservation(u, r)),
      debit: pm('debit', (u, id, e, n) => p.debit(u, id, e, n)),
      abort: pm('abort', (u, id, f, n) => p.abort(u, id, f, n)),
      complete: pm('complete', (u, id, n) => p.complete(u, id, n)),
      listUnsettled: pr('listUnsettled', (b, l) => p.listUnsettled(b, l)),
    },
    refunds: {
      create: call('refunds', true)('create', (x) => store.refunds.create(x)),
      get: call('refunds', false)('get', (u, id) => store.refunds.get(u, id)),
      findByPayment: call('refunds', false)('findByPayment', (u, p) => store.refunds.findByPayment(u, p)),
      credit: call('refunds', true)('credit', (u, id, e, n) => store.refunds.credit(u, id, e, n)),
      listPending: call('refunds', false)('listPending', (b, l) => store.refunds.listPending(b, l)),
    },
    sales: {
      create: call('sales', true)('create', (x, a) => store.sales.create(x, a)),
      get: call('sales', false)('get', (x) => store.sales.get(x)),
      list: call('sales', false)('list', () => store.sales.list()),
      update: call('sales', true)('update', (x, v, a) => store.sales.update(x, v, a)),
    },
    audit: {
      append: call('audit', true)('append', (x) => store.audit.append(x)),
      page: call('audit', false)('page', (c, l) => store.audit.page(c, l)),
    },
    idempotency: {
      begin: dm('begin', (s, k, f, n, t) => d.begin(s, k, f, n, t)),
      renew: dm('renew', (s, k, n, t) => d.renew(s, k, n, t)),
      finish: dm('finish', (s, k, r, n, t) => d.finish(s, k, r, n, t)),
      abandon: dm('abandon', (s, k) => d.abandon(s, k)),
    },
    allowances: {
      reserve: call('allowances', true)('reserve', (u, s, e, l) => store.allowances.reserve(u, s, e, l)),
      release: call('allowances', true)('release', (u, s, r) => store.allowances.release(u, s, r)),
      list: call('allowances', false)('list', (u, s) => store.allowances.list(u, s)),
    },
    waitlist: {
      join: call('waitlist', true)('join', (s, u, n, a) => store.waitlist.join(s, u, n, a)),
      get: call('waitlist', false)('get', (s, u) => store.waitlist.get(s, u)),
      leave: call('waitlist', true)('leave', (s, u, n) => store.waitlist.leave(s, u, n)),
      meta: call('waitlist', false)('meta', (s) => store.waitlist.meta(s)),
      activate: call('waitlist', true)('activate', (s, n) => store.waitlist.activate(s, n)),
      deactivate: call('waitlist', true)('deactivate', (s, n) => store.waitlist.deactivate(s, n)),
      claim: call('waitlist', true)('claim', (s, o, n, b) => store.waitlist.claim(s, o, n, b)),
      open: call('waitlist', true)('open', (s, o, e, n) => store.waitlist.open(s, o, e, n)),
      undo: call('waitlist', true)('undo', (s, o) => store.waitlist.undo(s, o)),
      settle: call('waitlist', true)('settle', (s, o, x, n) => store.waitlist.settle(s, o, x, n)),
      offers: call('waitlist', false)('offers', (s, l) => store.waitlist.offers(s, l)),
    },
    // The feed is read-only and not faulted: the kit reads it to check what the steps wrote.
    events: store.events,
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** A store with some ports replaced; the rest delegate. */
export function replacePorts(store: BoxofficeStore, ports: Partial<Omit<BoxofficeStore, 'ping' | 'close'>>): BoxofficeStore {
  const base = interceptStore(store, (_call, run) => run());
  return { ...base, ...ports };
}

/** Yields to the event loop, so that concurrent calls interleave here, as they would across a network. */
export function gap(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
