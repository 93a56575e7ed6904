import type { Boxoffice } from '../../boxoffice.js';
import { isDomainError } from '../../shared/errors.js';
import type { SessionRef } from '../../shared/session.js';

/** What a property run keeps to give its buyers sessions: its host, its sale, and each buyer's last session. */
export interface BuyerSessions {
  readonly bo: Boxoffice;
  readonly saleId: string;
  readonly sessions: Map<string, SessionRef>;
}

/** The buyer's active session, entering again once the last one ended (a payment ends it). */
export async function buyerSession(r: BuyerSessions, userId: string): Promise<SessionRef> {
  const known = r.sessions.get(userId);
  if (known) {
    try {
      await r.bo.queue.requireActive(r.saleId, known.token, userId);
      return known;
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
  }
  const { status } = await r.bo.queue.enter(r.saleId, userId);
  await r.bo.queue.tick(r.saleId);
  const fresh = { queueId: r.saleId, token: status.token, userId };
  r.sessions.set(userId, fresh);
  return fresh;
}
