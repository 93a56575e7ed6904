import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type {
  AdmissionRule,
  EndReason,
  EnterResult,
  Heartbeat,
  QueueCounts,
  QueueRepository,
  QueueTokenPrimitives,
  SaleMode,
  SealReason,
  TokenView,
  EnterRefusal,
} from '@boxoffice/core';
import { storeUnavailable } from '@boxoffice/core';
import type { ClientSession, Filter } from 'mongodb';
import type { MongoContext } from './context.js';
import type { CounterDoc, LockDoc, TokenDoc } from './documents/queue.js';
import { lineKey, tokenFromDoc, tokenToDoc } from './documents/queue.js';
import { COLLECTIONS } from './indexes.js';
import { guarded, isDuplicateKey } from './errors.js';

export interface MongoQueueOptions {
  /** How long an ended token stays readable before the TTL index removes it (wall clock). Default one day. */
  readonly retentionMs?: number;
  /** How long one admission lease lasts if its holder dies (wall clock). Default 10 s. */
  readonly admitLeaseMs?: number;
  /**
   * With transactions, take the seq and insert the token in one transaction, so
   * seq order is commit order and FIFO holds exactly. Default true. Every enter
   * of a queue then writes its counter inside a transaction, and racing enters
   * retry on write conflicts; turn it off to trade that strictness for
   * throughput (see docs/mongodb.md).
   */
  readonly enterInTransaction?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The waiting room in MongoDB. A per-queue counter (one atomic $inc) gives each
 * token its seq; FIFO and positions follow seq. Every state change is one
 * findOneAndUpdate guarded on the current state, so racing callers in any
 * number of processes never move a token along a wrong arrow.
 *
 * Admission reads two counts and changes several tokens, so one process at a
 * time runs it, under a lease document per queue; another process ticking
 * meanwhile admits nobody this time, which is safe.
 *
 * Costs, n waiting: enter and leave O(log n); status is an indexed count of the
 * waiting tokens ahead, O(position) index keys (see docs/mongodb.md); admit and
 * the sweeps touch at most `limit` tokens.
 *
 * Sales: each token carries `line`, its queue-order key (the pre-queue by draw
 * key, then the rest by seq), so the draw is fixed as people enter and opening
 * is one conditional $set of `openedAt` on the queue's counter document. The
 * same document carries `sealed`; an entry's $inc of the seq reads both in the
 * same atomic step (with transactions, together with the insert).
 */
export class MongoQueueRepository implements QueueRepository {
  private readonly retentionMs: number;
  private readonly leaseMs: number;
  private readonly enterInTransaction: boolean;

  /** The admission lease documents, in the shape this repository writes them (see LockDoc). */
  private readonly locks;

  constructor(
    private readonly ctx: MongoContext,
    options: MongoQueueOptions = {},
  ) {
    this.locks = ctx.db.collection<LockDoc>(COLLECTIONS.locks);
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.leaseMs = options.admitLeaseMs ?? 10_000;
    this.enterInTransaction = options.enterInTransaction ?? true;
  }

  enter(candidate: Omit<QueueTokenPrimitives, 'seq'>, sessionTtlMs?: number): Promise<EnterResult> {
    return guarded(async () => {
      // Two enters of one user race at most once: the unique live index lets one insert win.
      for (let attempt = 0; attempt < 3; attempt++) {
        const live = await this.findLive(candidate.queueId, candidate.userId, candidate.enteredAt);
        if (live) {
          const { openedAt } = await this.queueMeta(candidate.queueId);
          return { token: live, created: false, position: await this.position(live, openedAt), openedAt };
        }
        let entered: { token: QueueTokenPrimitives; openedAt: number | null } | { refused: EnterRefusal };
        try {
          // With transactions the seq and the insert commit together, so seq order is commit order.
          const insert = async (session: ClientSession | undefined) => {
            const counter = await this.ctx.counters.findOneAndUpdate(
              { _id: counterId(candidate.queueId) },
              { $inc: { seq: 1 } },
              { upsert: true, returnDocument: 'after', session },
            );
            if (!counter) throw new Error(`counter of queue ${candidate.queueId} did not return a value`);
            if (counter.sealed !== undefined) return { refused: counter.sealed };
            // The operator's mode, read in the same step as the seq (a seq left unused by a refusal is a harmless gap).
            if (counter.mode === 'reject') return { refused: 'reject' as const };
            // Too late for the draw: a pre-queue candidate that lost the race with the opening queues behind.
            const drawKey = counter.openedAt === undefined ? candidate.drawKey : null;
            const straightIn = counter.mode === 'passthrough' && counter.openedAt !== undefined && sessionTtlMs !== undefined;
            const at = candidate.enteredAt;
            const doc = tokenToDoc(
              straightIn
                ? { ...candidate, state: 'active', seq: counter.seq, drawKey: null, endReason: null, activatedAt: at, activeUntil: at + sessionTtlMs }
                : { ...candidate, state: 'waiting', seq: counter.seq, drawKey, endReason: null },
            );
            await this.ctx.tokens.insertOne(doc, { session });
            return { token: tokenFromDoc(doc), openedAt: counter.openedAt ?? null };
          };
          entered = this.enterInTransaction ? await this.ctx.steps.run(insert) : await insert(undefined);
        } catch (error) {
          if (isDuplicateKey(error)) continue;
          throw error;
        }
        if ('refused' in entered) return { refused: entered.refused };
        const { token, openedAt } = entered;
        return { token, created: true, position: await this.position(token, openedAt), openedAt };
      }
      throw storeUnavailable(new Error('enter kept racing with another enter of the same user'));
    });
  }

  view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    return guarded(async () => {
      let doc: TokenDoc | null = null;
      if (heartbeat) {
        doc = await this.ctx.tokens.findOneAndUpdate(
          { _id: token, queueId, state: 'waiting', userId: heartbeat.userId },
          { $max: { lastSeenAt: heartbeat.at } },
          { returnDocument: 'after' },
        );
      }
      doc ??= await this.ctx.tokens.findOne({ _id: token, queueId });
      if (!doc) return null;
      const t = tokenFromDoc(doc);
      const { openedAt } = await this.queueMeta(queueId);
      return { token: t, position: await this.position(t, openedAt), openedAt };
    });
  }

  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end({ _id: token, queueId, state: { $in: ['waiting', 'active'] } }, 'expired', 'left', now));
  }

  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end({ _id: token, queueId, state: 'active' }, 'completed', 'paid', now));
  }

  expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    return guarded(() =>
      this.expireWhere({ queueId, state: 'active', activeUntil: { $lte: now } }, { activeUntil: 1 }, 'session_ended', now, limit),
    );
  }

  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      // Paused: idle clocks stand still (the resume moves lastSeenAt past the pause, see setMode).
      if ((await this.ctx.counters.findOne({ _id: counterId(queueId) }))?.mode === 'paused') return [];
      return this.expireWhere({ queueId, state: 'waiting', lastSeenAt: { $lte: idleBefore } }, { lastSeenAt: 1 }, 'idle', now, limit);
    });
  }

  /**
   * The mode, fenced by the sale version in one conditional update of the
   * counter document. The host that wins a resume then credits the pause to
   * the waiting tokens last seen before its end (lastSeenAt += the paused time
   * after it), one server-side update: a crash in between forfeits that credit
   * (those tokens may idle out early), never admits anyone while paused.
   */
  setMode(queueId: string, mode: SaleMode, version: number, now: number): Promise<boolean> {
    return guarded(async () => {
      await this.ctx.counters.updateOne({ _id: counterId(queueId) }, { $setOnInsert: { seq: 0 } }, { upsert: true });
      const pause = mode === 'paused' ? { $set: { mode, modeVersion: version } } : { $set: { mode, modeVersion: version }, $unset: { pausedAt: '' as const } };
      const before = await this.ctx.counters.findOneAndUpdate(
        { _id: counterId(queueId), $or: [{ modeVersion: { $lt: version } }, { modeVersion: { $exists: false } }] },
        pause,
        { returnDocument: 'before' },
      );
      if (!before) return false;
      if (mode === 'paused' && before.pausedAt === undefined) {
        await this.ctx.counters.updateOne({ _id: counterId(queueId), pausedAt: { $exists: false } }, { $set: { pausedAt: now } });
      }
      if (mode !== 'paused' && before.pausedAt !== undefined) {
        const from = before.pausedAt;
        await this.ctx.tokens.updateMany({ queueId, state: 'waiting', lastSeenAt: { $lt: now } }, [
          { $set: { lastSeenAt: { $add: ['$lastSeenAt', { $subtract: [now, { $max: ['$lastSeenAt', from] }] }] } } },
        ]);
      }
      return true;
    });
  }

  admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    return guarded(async () => {
      if (!(await this.open(queueId, now))) return [];
      const owner = randomUUID();
      if (!(await this.acquireLease(queueId, owner))) return [];
      try {
        return await this.admitUnderLease(queueId, rule, now);
      } finally {
        await this.releaseLease(queueId, owner);
      }
    });
  }

  seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      await this.ctx.counters.updateOne({ _id: counterId(queueId) }, { $setOnInsert: { seq: 0 } }, { upsert: true });
      // Under the admission lease: an admission in flight finishes first, and every later one reads the seal
      // once it holds the lease, so nobody is admitted after it. A lease that stays held (its holder died)
      // runs out within admitLeaseMs; past that the seal goes ahead alone.
      if ((await this.queueMeta(queueId)).sealed === null) await this.sealUnderLease(queueId, reason);
      const { sealed } = await this.queueMeta(queueId);
      return this.expireWhere({ queueId, state: 'waiting' }, { lastSeenAt: 1 }, sealed ?? reason, now, limit);
    });
  }

  listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      if (limit <= 0 || (await this.queueMeta(queueId)).openedAt === null) return [];
      const docs = await this.ctx.tokens
        .find({ queueId, drawKey: { $type: 'string' } }, { sort: { drawKey: 1, _id: 1 }, skip: offset, limit, projection: { _id: 1 } })
        .toArray();
      return docs.map((d) => d._id);
    });
  }

  counts(queueId: string, now: number): Promise<QueueCounts> {
    return guarded(async () => {
      const [waiting, drawn, active, admittedLastMinute, meta] = await Promise.all([
        this.ctx.tokens.countDocuments({ queueId, state: 'waiting' }),
        this.ctx.tokens.countDocuments({ queueId, state: 'waiting', line: { $lt: '1' } }),
        this.ctx.tokens.countDocuments({ queueId, state: 'active' }),
        this.ctx.tokens.countDocuments({ queueId, activatedAt: { $gt: now - 60_000 } }),
        this.queueMeta(queueId),
      ]);
      return { waiting, drawn, active, admittedLastMinute, ...meta };
    });
  }

  /** When the queue opened, why it was sealed and its mode, from its counter document. */
  private async queueMeta(queueId: string): Promise<{ openedAt: number | null; sealed: SealReason | null; mode: SaleMode; modeVersion: number }> {
    const doc: CounterDoc | null = await this.ctx.counters.findOne({ _id: counterId(queueId) });
    return { openedAt: doc?.openedAt ?? null, sealed: doc?.sealed ?? null, mode: doc?.mode ?? 'queue', modeVersion: doc?.modeVersion ?? 0 };
  }

  /** Opens the queue once (the draw is final from then on); false when it is sealed or paused. */
  private async open(queueId: string, now: number): Promise<boolean> {
    const meta = await this.queueMeta(queueId);
    if (meta.sealed !== null || meta.mode === 'paused') return false;
    if (meta.openedAt === null) {
      await this.ctx.counters.updateOne({ _id: counterId(queueId) }, { $setOnInsert: { seq: 0 } }, { upsert: true });
      await this.ctx.counters.updateOne({ _id: counterId(queueId), openedAt: { $exists: false } }, { $set: { openedAt: now } });
    }
    return true;
  }

  /** The user's live token, with a heartbeat when it is waiting. */
  private async findLive(queueId: string, userId: string, at: number): Promise<QueueTokenPrimitives | null> {
    const waiting = await this.ctx.tokens.findOneAndUpdate(
      { queueId, userId, live: true, state: 'waiting' },
      { $max: { lastSeenAt: at } },
      { returnDocument: 'after' },
    );
    const doc = waiting ?? (await this.ctx.tokens.findOne({ queueId, userId, live: true }));
    return doc ? tokenFromDoc(doc) : null;
  }

  /** 1-based among waiting tokens: a COUNT_SCAN of queue_order up to this token's line key. None for the pre-queue before the draw. */
  private async position(t: QueueTokenPrimitives, openedAt: number | null): Promise<number | null> {
    if (t.state !== 'waiting' || (t.drawKey !== null && openedAt === null)) return null;
    return this.ctx.tokens.countDocuments({ queueId: t.queueId, state: 'waiting', line: { $lte: lineKey(t.drawKey, t.seq) } });
  }

  private async end(filter: Filter<TokenDoc>, to: 'completed' | 'expired', reason: EndReason, now: number): Promise<QueueTokenPrimitives | null> {
    const ended = await this.ctx.tokens.findOneAndUpdate(filter, this.endUpdate(to, reason, now), { returnDocument: 'after' });
    const doc = ended ?? (await this.ctx.tokens.findOne({ _id: filter._id as string, queueId: filter.queueId as string }));
    return doc ? tokenFromDoc(doc) : null;
  }

  private endUpdate(to: 'completed' | 'expired', reason: EndReason, now: number) {
    return {
      $set: { state: to, endedAt: now, endReason: reason, purgeAt: new Date(Date.now() + this.retentionMs) },
      $unset: { live: '' as const },
    };
  }

  /** Expires up to `limit` tokens matching `filter`, oldest first; each one by a guarded update. */
  private async expireWhere(
    filter: Filter<TokenDoc>,
    sort: Record<string, 1>,
    reason: EndReason,
    now: number,
    limit: number,
  ): Promise<string[]> {
    const candidates = await this.ctx.tokens.find(filter, { sort, limit, projection: { _id: 1 } }).toArray();
    const expired: string[] = [];
    for (const { _id } of candidates) {
      const result = await this.ctx.tokens.updateOne({ ...filter, _id }, this.endUpdate('expired', reason, now));
      if (result.modifiedCount === 1) expired.push(_id);
    }
    return expired;
  }

  private async acquireLease(queueId: string, owner: string): Promise<boolean> {
    const wall = Date.now();
    try {
      const lease = await this.locks.findOneAndUpdate(
        { _id: leaseId(queueId), until: { $lte: wall } },
        { $set: { owner, until: wall + this.leaseMs } },
        { upsert: true, returnDocument: 'after' },
      );
      return lease?.owner === owner;
    } catch (error) {
      // The lease exists and is held: the upsert's insert met the _id index.
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async sealUnderLease(queueId: string, reason: SealReason): Promise<void> {
    const owner = randomUUID();
    const deadline = Date.now() + this.leaseMs;
    let held = await this.acquireLease(queueId, owner);
    while (!held && Date.now() < deadline) {
      await delay(25);
      held = await this.acquireLease(queueId, owner);
    }
    try {
      await this.ctx.counters.updateOne({ _id: counterId(queueId), sealed: { $exists: false } }, { $set: { sealed: reason } });
    } finally {
      if (held) await this.releaseLease(queueId, owner);
    }
  }

  private async releaseLease(queueId: string, owner: string): Promise<void> {
    await this.locks.updateOne({ _id: leaseId(queueId), owner }, { $set: { until: 0 } }).catch(() => undefined);
  }

  private async admitUnderLease(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    // Sealed or paused while the lease was being taken: admit nobody.
    const meta = await this.queueMeta(queueId);
    if (meta.sealed !== null || meta.mode === 'paused') return [];
    const [active, recent] = await Promise.all([
      this.ctx.tokens.countDocuments({ queueId, state: 'active' }),
      this.ctx.tokens.countDocuments({ queueId, activatedAt: { $gt: now - rule.windowMs } }),
    ]);
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - recent, rule.limit);
    const admitted: string[] = [];
    // A token that leaves between the read and its update is skipped; a few rounds refill the batch.
    for (let round = 0; round < 5 && admitted.length < room; round++) {
      const head = await this.ctx.tokens
        .find({ queueId, state: 'waiting' }, { sort: { line: 1 }, limit: room - admitted.length, projection: { _id: 1 } })
        .toArray();
      if (head.length === 0) break;
      // One at a time, in queue order, so no reader ever sees a later token active before an earlier one.
      for (const { _id } of head) {
        const result = await this.ctx.tokens.updateOne(
          { _id, queueId, state: 'waiting' },
          { $set: { state: 'active', activatedAt: now, activeUntil: now + rule.sessionTtlMs } },
        );
        if (result.modifiedCount === 1) admitted.push(_id);
      }
    }
    return admitted;
  }
}

function leaseId(queueId: string): string {
  return `admit:${queueId}`;
}

/** The queue's counter document: its seq, and when it opened and why it was sealed. */
function counterId(queueId: string): string {
  return `queue:${queueId}`;
}
