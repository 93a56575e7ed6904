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
import { Batcher } from './batcher.js';
import type { TokenDoc } from './documents/queue.js';
import { positionBoundaries, positionsFromBuckets, tokenFromDoc, tokenToDoc } from './documents/queue.js';
import { guarded, isDuplicateKey } from './errors.js';
import { MongoAdmission } from './mongo-admission.js';

interface Beat {
  readonly token: string;
  readonly userId: string;
  readonly at: number;
}

export interface MongoQueueOptions {
  /** How long an ended token stays readable before the TTL index removes it (wall clock). Default one day. */
  readonly retentionMs?: number;
  /** How long one admission lease lasts if its holder dies or stalls (server clock). Default 10 s. */
  readonly admitLeaseMs?: number;
  /**
   * Without a transaction around enter, how long admission waits for a missing
   * seq (a token whose enter took its number and has not inserted it yet)
   * before passing over it (wall clock). Default 250 ms.
   */
  readonly admitGapGraceMs?: number;
  /**
   * A status poll writes its heartbeat only when it moves `lastSeenAt` on by
   * more than this. Default 0 (every poll that moves it writes); with an idle
   * timeout of minutes, a few seconds here saves most heartbeat writes at the
   * price of an idle expiry that many ms early.
   */
  readonly heartbeatSlackMs?: number;
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
 * Admission (MongoAdmission) runs in a transaction on a replica set, else
 * under a lease timed and fenced on the server.
 *
 * Status polls are batched per queue: the heartbeats of the polls in flight
 * go as one unordered bulk write, and their positions come from one pass over
 * the line (an indexed $bucket count up to the farthest of them).
 *
 * Costs, n waiting: enter and leave O(log n); a status batch is an indexed
 * count up to its farthest token, O(position) index keys, shared by the batch
 * (see docs/mongodb.md); admit and the sweeps touch at most `limit` tokens.
 */
export class MongoQueueRepository implements QueueRepository {
  private readonly retentionMs: number;
  private readonly enterInTransaction: boolean;
  private readonly heartbeatSlackMs: number;
  private readonly admission: MongoAdmission;
  private readonly positions = new Batcher<number, number>((queueId, seqs) => this.positionsOf(queueId, seqs));
  private readonly heartbeats = new Batcher<Beat, void>((queueId, beats) => this.writeHeartbeats(queueId, beats));

  constructor(
    private readonly ctx: MongoContext,
    options: MongoQueueOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.enterInTransaction = options.enterInTransaction ?? true;
    this.heartbeatSlackMs = options.heartbeatSlackMs ?? 0;
    this.admission = new MongoAdmission(ctx, {
      leaseMs: options.admitLeaseMs ?? 10_000,
      gapsPossible: !(ctx.steps.transactions && this.enterInTransaction),
      gapGraceMs: options.admitGapGraceMs ?? 250,
    });
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
      const doc = await this.ctx.tokens.findOne({ _id: token, queueId });
      if (!doc) return null;
      const t = tokenFromDoc(doc);
      const beat =
        heartbeat !== undefined &&
        t.state === 'waiting' &&
        t.userId === heartbeat.userId &&
        heartbeat.at - t.lastSeenAt > this.heartbeatSlackMs;
      const [position] = await Promise.all([
        this.position(t),
        beat ? this.heartbeats.submit(queueId, { token, userId: heartbeat.userId, at: heartbeat.at }) : undefined,
      ]);
      return { token: beat ? { ...t, lastSeenAt: heartbeat.at } : t, position };
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
    return guarded(() => this.admission.admit(queueId, rule, now));
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

  /** 1-based among waiting tokens, from the queue's current position batch. */
  private async position(t: QueueTokenPrimitives): Promise<number | null> {
    if (t.state !== 'waiting') return null;
    return this.positions.submit(t.queueId, t.seq);
  }

  /**
   * The positions of many waiting seqs in one pass: the waiting tokens up to
   * the farthest, counted into buckets between the asked seqs (line_order
   * index), then summed in order.
   */
  private async positionsOf(queueId: string, seqs: readonly number[]): Promise<number[]> {
    const buckets = await this.ctx.tokens
      .aggregate<{ _id: number; count: number }>([
        { $match: { queueId, state: 'waiting', seq: { $lte: Math.max(...seqs) } } },
        { $bucket: { groupBy: '$seq', boundaries: positionBoundaries(seqs), output: { count: { $sum: 1 } } } },
      ])
      .toArray();
    const positions = positionsFromBuckets(seqs, buckets);
    return seqs.map((s) => positions.get(s) ?? 0);
  }

  /**
   * The batch's heartbeats as one unordered bulk write, each `$max` on a
   * waiting token of its user. Written with w: 1: a heartbeat lost in a
   * failover only brings an idle expiry earlier by one poll, and nothing reads
   * it back to decide; the guarded idle sweep reads the primary's own state.
   */
  private async writeHeartbeats(queueId: string, beats: readonly Beat[]): Promise<void[]> {
    await this.ctx.tokens.bulkWrite(
      beats.map((b) => ({
        updateOne: { filter: { _id: b.token, queueId, state: 'waiting' as const, userId: b.userId }, update: { $max: { lastSeenAt: b.at } } },
      })),
      { ordered: false, writeConcern: { w: 1 } },
    );
    return beats.map(() => undefined);
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
}
