import { isDomainError, type SessionRef } from '@boxoffice/core';
import type { AppDeps } from './deps.js';
import { HttpError } from './problem.js';

/**
 * A hold whose allowance was reserved lands its seats one round trip later, so a buyer flagged while their
 * other tabs are still in flight may have holds that are not there yet: look for them again, briefly.
 */
const LATE_HOLD_CHECKS = 8;
const LATE_HOLD_DELAY_MS = 250;

/**
 * The hold route's answer to a refusal. A `purchase_limit` refusal spends a point of the `limitProbes`
 * penalty; past its quota (default 2 per 30 s) the buyer is treated as a script probing the limit from
 * many tabs: every hold they have in the sale is cancelled (seats being paid or sold are left alone),
 * and the route refuses them 429 `rate_limited` (`limit: limitProbes`) for the block. Any other refusal,
 * and one within the quota, is rethrown unchanged.
 */
export async function refuseProbing(deps: AppDeps, session: SessionRef, scheduleId: string, error: unknown): Promise<never> {
  if (!isDomainError(error, 'purchase_limit')) throw error;
  if (!(await deps.limits.spend('limitProbes', { userId: session.userId, address: '' }))) throw error;
  const { cancelled, pending } = await deps.boxoffice.reservations.forfeit(session, scheduleId);
  deps.metrics.holdsForfeited.inc(cancelled.length);
  deps.logger.warn({ userId: session.userId, scheduleId, cancelled, inFlight: pending.length }, 'purchase limit probed: holds cancelled');
  if (pending.length > 0) void forfeitLate(deps, session, scheduleId, LATE_HOLD_CHECKS);
  const block = deps.limits.blockSeconds('limitProbes');
  throw new HttpError(
    'rate_limited',
    `Too many tries past the purchase limit: your ${cancelled.length === 1 ? 'hold' : 'holds'} in this sale ${cancelled.length === 1 ? 'was' : 'were'} released (${cancelled.length}), and you may not hold seats for ${block} s.`,
    { limit: 'limitProbes', retryAfterSeconds: block, released: cancelled.length },
    { 'Retry-After': String(block) },
  );
}

async function forfeitLate(deps: AppDeps, session: SessionRef, scheduleId: string, checks: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, LATE_HOLD_DELAY_MS).unref());
  try {
    const { cancelled, pending } = await deps.boxoffice.reservations.forfeit(session, scheduleId);
    deps.metrics.holdsForfeited.inc(cancelled.length);
    if (pending.length > 0 && checks > 1) await forfeitLate(deps, session, scheduleId, checks - 1);
  } catch (error) {
    deps.logger.warn({ err: error, userId: session.userId, scheduleId }, 'purchase limit probed: late holds not cancelled');
  }
}
