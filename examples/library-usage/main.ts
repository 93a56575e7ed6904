/**
 * The seed's whole flow through the library, printed step by step:
 * enter the queue, wait for admission, list concerts, dates and seats,
 * hold two seats, fail to pay, charge the wallet, pay, and read the balance.
 * Then a sale with its own opening time, a pre-queue and a draw anyone can check.
 */
import type { Clock } from '@boxoffice/core';
import { createBoxoffice, DEFAULT_QUEUE, demoCatalog, isDomainError, verifyDrawOrder } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';

const say = (step: string, detail: unknown = ''): void => {
  console.log(`• ${step}${detail === '' ? '' : ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))}`);
};

const boxoffice = createBoxoffice({
  store: createMemoryStore(),
  clock: new SystemClock(),
  ids: new CryptoIdGenerator(),
  config: { maxActive: 1 },
});
await boxoffice.catalog.publish(demoCatalog());

const queueId = DEFAULT_QUEUE;
const alice = 'alice';
const bob = 'bob';

const a = await boxoffice.queue.enter(queueId, alice);
const b = await boxoffice.queue.enter(queueId, bob);
say('alice enters the queue', { state: a.status.state, position: a.status.position });
say('bob enters the queue', { state: b.status.state, position: b.status.position });

await boxoffice.tick();
say('the scheduler ticks; alice is admitted', await boxoffice.queue.status(queueId, a.status.token, alice));
say('bob still waits', await boxoffice.queue.status(queueId, b.status.token, bob));

const session = { queueId, token: a.status.token, userId: alice };
const concerts = await boxoffice.catalog.listConcerts(session);
say('concerts', concerts.map((c) => c.name));
const schedules = await boxoffice.catalog.listSchedules(session, concerts[0]!.id);
say('dates', schedules.map((s) => `${s.startsAt} (${s.availableSeats} free)`));
const seats = await boxoffice.catalog.listSeats(session, schedules[0]!.id);
say('free seats', seats.filter((s) => s.available).length);

const hold = await boxoffice.reservations.hold(session, schedules[0]!.id, [1, 2]);
say('alice holds seats 1 and 2', { id: hold.id, amount: hold.amount, expiresAt: new Date(hold.expiresAt).toISOString() });

try {
  await boxoffice.payments.pay(session, hold.id, 'pay-1');
} catch (error) {
  if (!isDomainError(error, 'insufficient_balance')) throw error;
  say('payment refused: the wallet is empty', { code: error.code, ...error.details });
}

const charged = await boxoffice.wallet.charge(alice, hold.amount, 'charge-1');
say('alice charges her wallet', { balance: charged.balance });

const payment = await boxoffice.payments.pay(session, hold.id, 'pay-2');
say('alice pays', { id: payment.id, state: payment.state, amount: payment.amount });
say('her queue token', await boxoffice.queue.status(queueId, a.status.token, alice));

const wallet = await boxoffice.wallet.balance(alice);
say('balance and history', { balance: wallet.balance, history: wallet.entries.map((e) => `${e.type} ${e.amount} → ${e.balanceAfter}`) });

await boxoffice.tick();
say('next tick: bob is admitted', await boxoffice.queue.status(queueId, b.status.token, bob));
const seatsNow = await boxoffice.catalog.listSeats({ queueId, token: b.status.token, userId: bob }, schedules[0]!.id);
say('bob sees seats 1 and 2 sold', seatsNow.filter((s) => s.number <= 2));

// A sale with a fair start: fans who come before the opening wait in the pre-queue, the opening draws
// their places by HMAC-SHA256(seed, token), and anyone can check the draw against the seed the sale
// publishes once open. Its own store (once a store holds sales, every queue belongs to one), and a clock
// moved by hand, so the example does not wait for the opening.
let now = Date.parse('2027-03-01T19:55:00Z');
const clock: Clock = { now: () => now };
const onsale = createBoxoffice({ store: createMemoryStore(), clock, ids: new CryptoIdGenerator(), config: { maxActive: 2 } });
await onsale.catalog.publish(demoCatalog());
const sale = await onsale.sales.create({
  id: 'aurora-onsale',
  name: 'Aurora Live: general sale',
  scheduleIds: ['aurora-2027-03-14'],
  opensAt: '2027-03-01T20:00:00Z',
});
say('a sale opening at 20:00', { state: sale.state, seedHash: sale.seedHash, seed: sale.seed });

const fans = ['ana', 'ben', 'chloe', 'dai', 'eve'];
const tokens = new Map<string, string>();
for (const fan of fans) tokens.set(fan, (await onsale.queue.enter(sale.id, fan)).status.token);
say('five fans come early', await onsale.queue.status(sale.id, tokens.get('ana')!, 'ana'));

now = Date.parse('2027-03-01T20:00:00Z');
const late = await onsale.queue.enter(sale.id, 'zoe');
await onsale.tick();
for (const fan of fans) {
  const s = await onsale.queue.status(sale.id, tokens.get(fan)!, fan);
  say(`${fan} after the opening`, { state: s.state, position: s.position });
}
say('zoe came at 20:00, behind the pre-queue', (await onsale.queue.status(sale.id, late.status.token, 'zoe')).position);

const drawn = await onsale.sales.drawn(sale.id);
say('the draw checks out against the published seed', verifyDrawOrder(drawn).ok);
