import { createHash } from 'node:crypto';
import { DomainError, type IdempotencyStore } from '@boxoffice/core';
import type { Reply } from './routes/route.js';

/** How long a finished answer is kept for replay. */
export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * The lease of an in-progress record: the running request renews it every
 * third of this, so a request that died, or whose release was lost in a store
 * outage, locks its key out for at most this long (it was 60 s, which kept
 * buyers who retried after an outage out until their holds lapsed). Under the
 * record, the steps themselves are idempotent (charge keys, one payment per
 * reservation), so a retry that takes over a lapsed lease cannot apply twice.
 */
export const IN_PROGRESS_LEASE_MS = 5 * 1000;

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key; missing or malformed is 400. */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new DomainError('idempotency_key_missing', 'Send an Idempotency-Key header (a unique value per action; reuse it on retry).');
  }
  // Keys are sent bare or as an RFC 8941 string ("...").
  const key = /^".*"$/.test(header) ? header.slice(1, -1) : header;
  if (!KEY.test(key)) throw new DomainError('validation_failed', 'Idempotency-Key is 1-255 visible ASCII characters.');
  return key;
}

export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('base64url');
}

type Replayed = Reply & { replayed?: boolean };

/** Begins the record: null when this request runs (started), the stored answer for a replay; throws 409 / 422. */
async function beginRecord(store: IdempotencyStore, now: () => number, scope: string, key: string, print: string): Promise<Replayed | null> {
  const begun = await store.begin(scope, key, print, now(), IN_PROGRESS_LEASE_MS);
  switch (begun.outcome) {
    case 'replay':
      return { status: begun.response.status, body: begun.response.body, headers: { ...begun.response.headers, 'Idempotent-Replayed': 'true' }, replayed: true };
    case 'in_progress':
      throw new DomainError('idempotency_conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    case 'mismatch':
      throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was used with another request body.');
    case 'started':
      return null;
  }
}

function finishRecord(store: IdempotencyStore, now: () => number, scope: string, key: string, reply: Reply): Promise<void> {
  return store.finish(scope, key, { status: reply.status, body: reply.body, headers: { ...reply.headers } }, now(), REPLAY_TTL_MS);
}

/** Renews a running request's lease every third of it, until stopped. */
function renewing(store: IdempotencyStore, now: () => number, scope: string, key: string): () => void {
  const renewal = setInterval(() => void store.renew(scope, key, now(), IN_PROGRESS_LEASE_MS).catch(() => undefined), IN_PROGRESS_LEASE_MS / 3);
  renewal.unref();
  return () => clearInterval(renewal);
}

/**
 * The IETF httpapi Idempotency-Key semantics over core's IdempotencyStore port,
 * scoped by user: the same key and body replays the first answer (before any
 * other check); another body is 422; a retry while the first runs is 409.
 * Only success is kept: a failed attempt changed nothing, so its key is freed
 * for a retry.
 */
export async function withIdempotency(
  store: IdempotencyStore,
  now: () => number,
  scope: string,
  key: string,
  print: string,
  run: () => Promise<Reply>,
): Promise<Replayed> {
  const replay = await beginRecord(store, now, scope, key, print);
  if (replay) return replay;
  let reply: Reply;
  const stop = renewing(store, now, scope, key);
  try {
    reply = await run();
  } catch (error) {
    await store.abandon(scope, key).catch(() => undefined);
    throw error;
  } finally {
    stop();
  }
  if (reply.status >= 200 && reply.status < 300) {
    await finishRecord(store, now, scope, key, reply);
  } else {
    await store.abandon(scope, key);
  }
  return reply;
}

/** Stops a step the record's begin rode with, carrying the stored answer to replay. */
class Replay extends Error {
  constructor(readonly reply: Replayed) {
    super('replay');
  }
}

/** The two ends of an Idempotency-Key record, for a step that sends them beside its own round trips. */
export interface RecordRiders {
  /** Begins the record; rejects (stopping the step it rides with) on a replay, a conflict or a mismatch. */
  readonly before: () => Promise<void>;
  /** Keeps `reply` for replay: the step's success answer, sent beside its last round trip. */
  readonly after: (reply: Reply) => Promise<void>;
}

/**
 * withIdempotency for a step that lets the record ride with its first and last round trips (a payment:
 * the record lives in the user's partition, as the payment does; see core's PayRiders): no round trip of
 * its own. Same semantics: a replay answers the stored reply (the step stops before recording anything),
 * a failure frees the key, only a success (the reply given to `after`) is kept.
 */
export async function ridingIdempotency(
  store: IdempotencyStore,
  now: () => number,
  scope: string,
  key: string,
  print: string,
  run: (riders: RecordRiders) => Promise<Reply>,
): Promise<Replayed> {
  let started = false;
  let stop = (): void => undefined;
  const riders: RecordRiders = {
    before: async () => {
      const replay = await beginRecord(store, now, scope, key, print);
      if (replay) throw new Replay(replay);
      started = true;
      stop = renewing(store, now, scope, key);
    },
    after: (reply) => finishRecord(store, now, scope, key, reply),
  };
  try {
    const reply = await run(riders);
    if (started && (reply.status < 200 || reply.status >= 300)) await store.abandon(scope, key);
    return reply;
  } catch (error) {
    if (error instanceof Replay) return error.reply;
    if (started) await store.abandon(scope, key).catch(() => undefined);
    throw error;
  } finally {
    stop();
  }
}
