/**
 * The seed's whole flow through the library, printed step by step:
 * enter the queue, wait for admission, list concerts, dates and seats,
 * hold two seats, fail to pay, charge the wallet, pay, and read the balance.
 */
import { createBoxoffice, DEFAULT_QUEUE, demoCatalog, isDomainError } from '@boxoffice/core';
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
