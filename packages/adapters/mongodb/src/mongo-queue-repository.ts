import { randomUUID } from 'node:crypto';
import type {
  AdmissionRule,
  EnterResult,
  QueueCounts,
  QueueRepository,
  QueueTokenPrimitives,
  Heartbeat,
  TokenView,
} from '@boxoffice/core';
import { storeUnavailable } from '@boxoffice/core';
import type { ClientSession, Filter } from 'mongodb';
import type { MongoContext } from './context.js';
import type { TokenDoc } from './documents/queue.js';
import { tokenFromDoc, tokenToDoc } from './documents/queue.js';
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
 */
export class MongoQueueRepository implements QueueRepository {
  private readonly retentionMs: number;
  private readonly leaseMs: number;
  private readonly enterInTransaction: boolean;

  constructor(
    private readonly ctx: MongoContext,
    options: MongoQueueOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.leaseMs = options.admitLeaseMs ?? 10_000;
    this.enterInTransaction = options.enterInTransaction ?? true;
  }

  enter(candidate: Omit<QueueTokenPrimitives, 'seq'>): Promise<EnterResult> {
    return guarded(async () => {
      // Two enters of one user race at most once: the unique live index lets one insert win.
      for (let attempt = 0; attempt < 3; attempt++) {
        const live = await this.findLive(candidate.queueId, candidate.userId, candidate.enteredAt);
        if (live) return { token: live, created: false, position: await this.position(live) };
        let token: QueueTokenPrimitives;
        try {
          // With transactions the seq and the insert commit together, so seq order is commit order.
          const insert = async (session: ClientSession | undefined) => {
            const seq = await this.ctx.nextSeq(`queue:${candidate.queueId}`, session);
            const doc = tokenToDoc({ ...candidate, state: 'waiting', seq });
            await this.ctx.tokens.insertOne(doc, { session });
            return tokenFromDoc(doc);
          };
          token = this.enterInTransaction ? await this.ctx.steps.run(insert) : await insert(undefined);
        } catch (error) {
          if (isDuplicateKey(error)) continue;
          throw error;
        }
        return { token, created: true, position: await this.position(token) };
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
      return { token: t, position: await this.position(t) };
    });
  }

  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end({ _id: token, queueId, state: { $in: ['waiting', 'active'] } }, 'expired', now));
  }

  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end({ _id: token, queueId, state: 'active' }, 'completed', now));
  }

  expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    return guarded(() =>
      this.expireWhere({ queueId, state: 'active', activeUntil: { $lte: now } }, { activeUntil: 1 }, now, limit),
    );
  }

  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    return guarded(() =>
      this.expireWhere({ queueId, state: 'waiting', lastSeenAt: { $lte: idleBefore } }, { lastSeenAt: 1 }, now, limit),
    );
  }

  admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    return guarded(async () => {
      const owner = randomUUID();
      if (!(await this.acquireLease(queueId, owner))) return [];
      try {
        return await this.admitUnderLease(queueId, rule, now);
      } finally {
        await this.ctx.locks.updateOne({ _id: leaseId(queueId), owner }, { $set: { until: 0 } }).catch(() => undefined);
      }
    });
  }

  counts(queueId: string): Promise<QueueCounts> {
    return guarded(async () => {
      const [waiting, active] = await Promise.all([
        this.ctx.tokens.countDocuments({ queueId, state: 'waiting' }),
        this.ctx.tokens.countDocuments({ queueId, state: 'active' }),
      ]);
      return { waiting, active };
    });
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

  /** 1-based among waiting tokens: a COUNT_SCAN of line_order up to this seq. */
  private async position(t: QueueTokenPrimitives): Promise<number | null> {
    if (t.state !== 'waiting') return null;
    return this.ctx.tokens.countDocuments({ queueId: t.queueId, state: 'waiting', seq: { $lte: t.seq } });
  }

  private async end(filter: Filter<TokenDoc>, to: 'completed' | 'expired', now: number): Promise<QueueTokenPrimitives | null> {
    const ended = await this.ctx.tokens.findOneAndUpdate(filter, this.endUpdate(to, now), { returnDocument: 'after' });
    const doc = ended ?? (await this.ctx.tokens.findOne({ _id: filter._id as string, queueId: filter.queueId as string }));
    return doc ? tokenFromDoc(doc) : null;
  }

  private endUpdate(to: 'completed' | 'expired', now: number) {
    return {
      $set: { state: to, endedAt: now, purgeAt: new Date(Date.now() + this.retentionMs) },
      $unset: { live: '' as const },
    };
  }

  /** Expires up to `limit` tokens matching `filter`, oldest first; each one by a guarded update. */
  private async expireWhere(
    filter: Filter<TokenDoc>,
    sort: Record<string, 1>,
    now: number,
    limit: number,
  ): Promise<string[]> {
    const candidates = await this.ctx.tokens.find(filter, { sort, limit, projection: { _id: 1 } }).toArray();
    const expired: string[] = [];
    for (const { _id } of candidates) {
      const result = await this.ctx.tokens.updateOne({ ...filter, _id }, this.endUpdate('expired', now));
      if (result.modifiedCount === 1) expired.push(_id);
    }
    return expired;
  }

  private async acquireLease(queueId: string, owner: string): Promise<boolean> {
    const wall = Date.now();
    try {
      const lease = await this.ctx.locks.findOneAndUpdate(
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

  private async admitUnderLease(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const [active, recent] = await Promise.all([
      this.ctx.tokens.countDocuments({ queueId, state: 'active' }),
      this.ctx.tokens.countDocuments({ queueId, activatedAt: { $gt: now - rule.windowMs } }),
    ]);
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - recent, rule.limit);
    const admitted: string[] = [];
    // A token that leaves between the read and its update is skipped; a few rounds refill the batch.
    for (let round = 0; round < 5 && admitted.length < room; round++) {
      const head = await this.ctx.tokens
        .find({ queueId, state: 'waiting' }, { sort: { seq: 1 }, limit: room - admitted.length, projection: { _id: 1 } })
        .toArray();
      if (head.length === 0) break;
      // One at a time, in seq order, so no reader ever sees a later token active before an earlier one.
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
