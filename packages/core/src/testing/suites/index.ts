import type { Check, SuiteName } from '../check.js';
import { catalogChecks } from './catalog.js';
import { eventChecks } from './events.js';
import { idempotencyChecks } from './idempotency.js';
import { operatorChecks } from './operator.js';
import { paymentChecks } from './payment.js';
import { purchaseLimitChecks } from './purchase-limit.js';
import { queueChecks } from './queue.js';
import { refundChecks } from './refund.js';
import { reservationChecks } from './reservation.js';
import { saleChecks } from './sale.js';
import { waitlistChecks } from './waitlist.js';
import { walletChecks } from './wallet.js';

export { catalogChecks, eventChecks, idempotencyChecks, operatorChecks, paymentChecks, queueChecks, refundChecks, reservationChecks, saleChecks, waitlistChecks, walletChecks };

export const CHECKS_BY_SUITE: Readonly<Record<SuiteName, readonly Check[]>> = {
  queue: queueChecks,
  // The operator's checks belong to the sale suite (ids sale/...).
  sale: [...saleChecks, ...operatorChecks],
  catalog: catalogChecks,
  reservation: [...reservationChecks, ...purchaseLimitChecks],
  wallet: walletChecks,
  payment: paymentChecks,
  refund: refundChecks,
  idempotency: idempotencyChecks,
  events: eventChecks,
  waitlist: waitlistChecks,
};

/** Every check of the kit, suite by suite. */
export const ALL_CHECKS: readonly Check[] = Object.values(CHECKS_BY_SUITE).flat();

export function findCheck(id: string): Check {
  const check = ALL_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`No conformance check ${id}`);
  return check;
}
