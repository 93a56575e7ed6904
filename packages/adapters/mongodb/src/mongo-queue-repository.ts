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
  StatusRead,
  TokenView,
  EnterRefusal,
} from '@boxoffice/core';
import { drafts, storeUnavailable } from '@boxoffice/core';
import type { ClientSession, Filter } from 'mongodb';
import { Batcher } from './batcher.js';
import type { MongoContext } from './context.js';
import type { CounterDoc, PositionRow, TokenDoc } from './documents/queue.js';
import { counterId, lineKey, openPipeline, positionsFromRows, positionsPipeline, tokenFromDoc, tokenKey, tokenToDoc } from './documents/queue.js';
import { queuePartition } from './documents/events.js';
import { guarded, isDuplicateKey } from './errors.js';
import { MongoAdmission } from './mongo-admission.js';
import type { Beat, Poll } from './status-polls.js';
import { heartbeatsOf } from './status-polls.js';

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
 * token its seq; every state change is one findOneAndUpdate guarded on the
 * current state, so racing callers in any number of processes never move a
 * token along a wrong arrow.
 *
 * Sales: each token carries `line`, its queue-order key (the pre-queue by draw
 * key, then the rest by seq), so the draw is fixed as people enter and opening
 * is one conditional update of the counter document (`openedAt`, and `openSeq`,
 * the last seq taken before it). The same document carries `sealed`; an
 * entry's $inc reads both in the same atomic step (with transactions, together
 * with the insert).
 *
 * Admission and the seal (MongoAdmission) run in a transaction on a replica
 * set, else under a lease timed and fenced on the server, with a grace before
 * passing a seq whose insert may still land.
 *
 * Status polls are batched per queue: the tokens of the polls in flight are
 * read in one query, their heartbeats go as one unordered bulk write, and
 * their positions come from one pass over the line up to the farthest of them.
 *
 * Costs, n waiting: enter and leave O(log n); a status batch passes over the
 * line up to its farthest token, O(position) index keys shared by the batch
 * (see docs/mongodb.md); admit, seal and the sweeps touch at most `limit` tokens.
 */
export class MongoQueueRepository implements QueueRepository {
  private readonly retentionMs: number;
  private readonly enterInTransaction: boolean;
  private readonly heartbeatSlackMs: number;
  private readonly admission: MongoAdmission;
  private readonly polls = new Batcher<Poll, TokenView | null>((queueId, polls) => this.viewMany(queueId, polls));
  private readonly positions = new Batcher<string, number>((queueId, lines) => this.positionsOf(queueId, lines));

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
            const token = tokenFromDoc(doc);
            if (straightIn) await this.ctx.outbox.append(session, drafts.admitted(token, token.activeUntil ?? at, at));
            return { token, openedAt: counter.openedAt ?? null };
          };
          // With an outbox every enter runs in a transaction: a passthrough entry is an admission, with its event.
          entered =
            this.enterInTransaction || this.ctx.outbox.enabled
              ? await this.ctx.outbox.run(queuePartition(candidate.queueId), insert)
              : await insert(undefined);
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
    return guarded(() => this.polls.submit(queueId, { token, heartbeat }));
  }

  /** The reads go straight to one viewMany (the host or core already gathered them): one read of the tokens, one pass for positions, one bulk write. */
  statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>> {
    return guarded(async () => (reads.length === 0 ? [] : this.viewMany(queueId, reads.map((r) => ({ token: r.token, heartbeat: r.heartbeat })), slackMs)));
  }

  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end(queueId, token, { $in: ['waiting', 'active'] }, 'expired', 'left', now));
  }

  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return guarded(() => this.end(queueId, token, 'active', 'completed', 'paid', now));
  }

  expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    return guarded(() =>
      this.expireWhere(queueId, { queueId, state: 'active', activeUntil: { $lte: now } }, { activeUntil: 1 }, 'session_ended', now, limit),
    );
  }

  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      // Paused: idle clocks stand still (the resume moves lastSeenAt past the pause, see setMode).
      if ((await this.ctx.counters.findOne({ _id: counterId(queueId) }))?.mode === 'paused') return [];
      return this.expireWhere(queueId, { queueId, state: 'waiting', lastSeenAt: { $lte: idleBefore } }, { lastSeenAt: 1 }, 'idle', now, limit);
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
      return this.admission.admit(queueId, rule, now);
    });
  }

  /**
   * The reverse of seal's two writes, in the same order (admission, then the counter enter reads). A crash
   * between them leaves entries refused a while longer; the caller repeats the unseal at every tick while the
   * sale stays reopened, which finishes it.
   */
  unseal(queueId: string, now: number): Promise<boolean> {
    return guarded(async () => {
      return this.ctx.outbox.run(queuePartition(queueId), async (session) => {
        const admission = await this.admission.unseal(queueId, session);
        const counter = await this.ctx.counters.updateOne({ _id: counterId(queueId), sealed: 'sold_out' }, { $unset: { sealed: '' } }, { session });
        // Sold out no longer: the sale is open again (as on memory and Redis).
        if (admission) await this.ctx.outbox.append(session, drafts.opened(queueId, now));
        return admission || counter.modifiedCount === 1;
      });
    });
  }

  seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      let { sealed } = await this.queueMeta(queueId);
      if (sealed === null) {
        // Admission first (ordered with every admission batch), then the counter, which enter reads.
        // A seal that crashed between the two is finished by the next: the stored reason is copied.
        const stored = await this.admission.seal(queueId, reason, now);
        await this.ensureCounter(queueId);
        await this.ctx.counters.updateOne({ _id: counterId(queueId), sealed: { $exists: false } }, { $set: { sealed: stored } });
        sealed = (await this.queueMeta(queueId)).sealed ?? stored;
      }
      return this.expireWhere(queueId, { queueId, state: 'waiting' }, { lastSeenAt: 1 }, sealed, now, limit);
    });
  }

  listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      if (limit <= 0 || (await this.queueMeta(queueId)).openedAt === null) return [];
      // Draw keys are HMACs of distinct tokens, so they alone order the draw, and draw_order serves it with no sort.
      const docs = await this.ctx.tokens
        .find({ queueId, drawKey: { $type: 'string' } }, { sort: { drawKey: 1 }, skip: offset, limit, projection: { _id: 1 } })
        .toArray();
      return docs.map((d) => d._id.t);
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
    const doc: CounterDoc | null = await this.ctx.counters.findOne(
      { _id: counterId(queueId) },
      { projection: { openedAt: 1, sealed: 1, mode: 1, modeVersion: 1 } },
    );
    return { openedAt: doc?.openedAt ?? null, sealed: doc?.sealed ?? null, mode: doc?.mode ?? 'queue', modeVersion: doc?.modeVersion ?? 0 };
  }

  /** Opens the queue once (the draw is final from then on, and openSeq says up to where); false when it is sealed or paused. */
  private async open(queueId: string, now: number): Promise<boolean> {
    const meta = await this.queueMeta(queueId);
    if (meta.sealed !== null || meta.mode === 'paused') return false;
    if (meta.openedAt === null) {
      await this.ensureCounter(queueId);
      await this.ctx.outbox.run(queuePartition(queueId), async (session) => {
        const opened = await this.ctx.counters.updateOne({ _id: counterId(queueId), openedAt: { $exists: false } }, openPipeline(now), { session });
        if (opened.modifiedCount === 1) await this.ctx.outbox.append(session, drafts.opened(queueId, now));
      });
    }
    return true;
  }

  /** The counter document exists before a conditional update of it (an upsert there would meet the _id index). */
  private async ensureCounter(queueId: string): Promise<void> {
    await this.ctx.counters.updateOne({ _id: counterId(queueId) }, { $setOnInsert: { seq: 0 } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
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

  /** 1-based among waiting tokens, from the queue's current position batch. None for the pre-queue before the opening. */
  private async position(t: QueueTokenPrimitives, openedAt: number | null): Promise<number | null> {
    if (t.state !== 'waiting' || (t.drawKey !== null && openedAt === null)) return null;
    return this.positions.submit(t.queueId, lineKey(t.drawKey, t.seq));
  }

  private async positionOf(t: QueueTokenPrimitives | undefined, openedAt: number | null): Promise<number | null> {
    return t ? this.position(t, openedAt) : null;
  }

  /**
   * A batch of status polls of one queue: one read of their tokens (and of the
   * queue's counter), then their positions (one pass over the line, shared with
   * any enters of the moment) and their heartbeats (one bulk write) together.
   */
  private async viewMany(queueId: string, polls: readonly Poll[], slackMs = 0): Promise<Array<TokenView | null>> {
    const ids = [...new Set(polls.map((p) => p.token))];
    const [docs, { openedAt }] = await Promise.all([
      this.ctx.tokens.find({ _id: { $in: ids.map((t) => tokenKey(queueId, t)) } }).toArray(),
      this.queueMeta(queueId),
    ]);
    const tokens = new Map(docs.map((d) => [d._id.t, tokenFromDoc(d)]));
    // The configured slack, or core's for a long line (pace.ts): a write moving lastSeenAt by less is skipped.
    const { writes, beats } = heartbeatsOf(polls, tokens, Math.max(this.heartbeatSlackMs, slackMs - 1));
    const [positions] = await Promise.all([
      Promise.all(polls.map((p) => this.positionOf(tokens.get(p.token), openedAt))),
      writes.length > 0 ? this.writeHeartbeats(queueId, writes) : undefined,
    ]);
    return polls.map((p, i) => {
      const t = tokens.get(p.token);
      if (!t) return null;
      const at = beats[i];
      return { token: at == null ? t : { ...t, lastSeenAt: Math.max(t.lastSeenAt, at) }, position: positions[i] ?? null, openedAt };
    });
  }

  /** The positions of many line keys in one pass over the line (see positionsPipeline). */
  private async positionsOf(queueId: string, lines: readonly string[]): Promise<number[]> {
    // The hint keeps the pass in index order: never a collection scan with a blocking sort.
    const rows = await this.ctx.tokens.aggregate<PositionRow>(positionsPipeline(queueId, lines), { hint: 'queue_order' }).toArray();
    return positionsFromRows(lines, rows);
  }

  /**
   * The batch's heartbeats as one unordered bulk write, each `$max` on a
   * waiting token of its user. Written with w: 1: a heartbeat lost in a
   * failover only brings an idle expiry earlier by one poll, and nothing reads
   * it back to decide; the guarded idle sweep reads the primary's own state.
   */
  private async writeHeartbeats(queueId: string, beats: readonly Beat[]): Promise<void> {
    await this.ctx.tokens.bulkWrite(
      beats.map((b) => ({
        updateOne: {
          filter: { _id: tokenKey(queueId, b.token), state: 'waiting' as const, userId: b.userId },
          update: { $max: { lastSeenAt: b.at } },
        },
      })),
      { ordered: false, writeConcern: { w: 1 } },
    );
  }

  private async end(
    queueId: string,
    token: string,
    from: Filter<TokenDoc>['state'],
    to: 'completed' | 'expired',
    reason: EndReason,
    now: number,
  ): Promise<QueueTokenPrimitives | null> {
    const _id = tokenKey(queueId, token);
    return this.ctx.outbox.run(queuePartition(queueId), async (session) => {
      const ended = await this.ctx.tokens.findOneAndUpdate({ _id, state: from }, this.endUpdate(to, reason, now), { returnDocument: 'after', session });
      if (ended) {
        const t = tokenFromDoc(ended);
        await this.ctx.outbox.append(session, drafts.ended(t, reason, now));
        return t;
      }
      const doc = await this.ctx.tokens.findOne({ _id }, { session });
      return doc ? tokenFromDoc(doc) : null;
    });
  }

  private endUpdate(to: 'completed' | 'expired', reason: EndReason, now: number) {
    return {
      $set: { state: to, endedAt: now, endReason: reason, purgeAt: new Date(Date.now() + this.retentionMs) },
      $unset: { live: '' as const },
    };
  }

  /** Expires up to `limit` tokens matching `filter`, oldest first; each one by a guarded update. */
  private async expireWhere(
    queueId: string,
    filter: Filter<TokenDoc>,
    sort: Record<string, 1>,
    reason: EndReason,
    now: number,
    limit: number,
  ): Promise<string[]> {
    const candidates = await this.ctx.tokens.find(filter, { sort, limit, projection: { _id: 1 } }).toArray();
    const expired: string[] = [];
    const partition = queuePartition(queueId);
    for (const { _id } of candidates) {
      // One transaction per token with its event (with an outbox): each end is its own step, as before.
      const ended = await this.ctx.outbox.run(partition, async (session) => {
        const doc = await this.ctx.tokens.findOneAndUpdate({ ...filter, _id }, this.endUpdate('expired', reason, now), {
          session,
          projection: { _id: 1, queueId: 1, userId: 1 },
        });
        if (doc) await this.ctx.outbox.append(session, drafts.ended({ queueId: doc.queueId, token: doc._id.t, userId: doc.userId }, reason, now));
        return doc !== null;
      });
      if (ended) expired.push(_id.t);
    }
    return expired;
  }
}
