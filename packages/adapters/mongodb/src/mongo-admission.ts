import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdmissionRule, SealReason } from '@boxoffice/core';
import { drafts, storeUnavailable } from '@boxoffice/core';
import type { ClientSession } from 'mongodb';
import type { MongoContext } from './context.js';
import type { AdmissionDoc, Inflight, LineScan } from './documents/admission.js';
import { acquireLeasePipeline, admissibleHead, admissionId, heldLease } from './documents/admission.js';
import { combineScans, scanLine, sealPipeline, settleOpening } from './documents/admission.js';
import { queuePartition } from './documents/events.js';
import { counterId, tokenKey } from './documents/queue.js';
import { isDuplicateKey } from './errors.js';

export interface AdmissionOptions {
  /** How long a lease lasts if its holder dies or stalls, on the server's clock. */
  readonly leaseMs: number;
  /** Whether a seq can be taken before its token is inserted (enter not in a transaction). */
  readonly gapsPossible: boolean;
  /** How long admission waits before passing over a missing seq (wall clock). */
  readonly gapGraceMs: number;
}

/** Most seqs above the watermark one admission reads to look for a gap. */
const SCAN = 1_000;

interface Plan {
  readonly tokens: string[];
  readonly settled: number;
  /** A missing seq held back tokens that the room had space for: the seq up to which a grace passes them. */
  readonly blockedAt: number | null;
}

type Lease = AdmissionDoc & { epoch: number };

/**
 * A queue's admission: count, pick from the head in line order (the pre-queue
 * by draw key, then later entrants by seq), activate. And the seal, ordered
 * with every admission.
 *
 * With transactions, all of it runs in one transaction that first bumps the
 * queue's admission document, so two concurrent admissions conflict there and
 * one retries on the other's result: neither can admit into slots the other
 * filled. The seal writes the same document, so it too waits for or restarts
 * an admission in flight.
 *
 * Without, one process at a time admits under a lease timed by the server's
 * clock (`$$NOW`; host clocks play no part). A holder records the batch it is
 * about to write on the lease document, guarded on its epoch, on the lease
 * being unexpired and on no seal, and then writes the tokens; whoever takes
 * the lease next (an admission or the seal) first finishes a recorded batch
 * (the same guarded writes, same values). So a holder stalled past its lease
 * can still land only the writes of a batch its successor has already made
 * (they then change nothing), and never starts another; and nothing is
 * admitted after the seal.
 */
export class MongoAdmission {
  /** Admission documents known to exist (this process made sure once). */
  private readonly created = new Set<string>();

  constructor(
    private readonly ctx: MongoContext,
    private readonly options: AdmissionOptions,
  ) {}

  admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    return this.ctx.steps.transactions ? this.inTransaction(queueId, rule, now) : this.underLease(queueId, rule, now);
  }

  /** Seals admission (the first reason stays) and returns the stored reason. */
  seal(queueId: string, reason: SealReason, now: number): Promise<SealReason> {
    return this.ctx.steps.transactions ? this.sealAlone(queueId, reason, now) : this.sealUnderLease(queueId, reason);
  }

  /** Lifts a sold_out seal from admission (closed stays); true when it did. */
  async unseal(queueId: string, session?: ClientSession): Promise<boolean> {
    const result = await this.ctx.locks.updateOne({ _id: admissionId(queueId), sealed: 'sold_out' }, { $unset: { sealed: '' } }, { session });
    return result.modifiedCount === 1;
  }

  private async inTransaction(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const _id = admissionId(queueId);
    await this.ensureDocument(_id);
    const admitted: string[] = [];
    let passUpTo = 0;
    await this.ctx.outbox.prepare(queuePartition(queueId));
    for (let look = 0; look < 3; look++) {
      const { ids, blockedAt } = await this.ctx.steps.run(async (session) => {
        await this.ctx.locks.updateOne({ _id }, { $inc: { round: 1 } }, { session });
        const plan = await this.plan(queueId, rule, now, passUpTo, admitted.length, session);
        await this.ctx.locks.updateOne({ _id }, { $max: { settled: plan.settled } }, { session });
        const written = await this.activate(queueId, { tokens: plan.tokens, ...times(rule, now) }, session);
        return { ids: written, blockedAt: plan.blockedAt };
      });
      admitted.push(...ids);
      if (blockedAt === null || passUpTo >= blockedAt) break;
      await sleep(this.options.gapGraceMs);
      passUpTo = blockedAt;
    }
    return admitted;
  }

  /**
   * With transactions the seal is one write: an admission round in flight has
   * written the document, so the seal waits for its commit; one that writes
   * the document after the seal conflicts, retries and reads the seal.
   */
  private async sealAlone(queueId: string, reason: SealReason, now: number): Promise<SealReason> {
    const _id = admissionId(queueId);
    await this.ensureDocument(_id);
    // One transaction with its event: sale.sold_out when this seal is the first, for sold_out.
    return this.ctx.outbox.run(queuePartition(queueId), async (session) => {
      const before = await this.ctx.locks.findOneAndUpdate({ _id }, sealPipeline(reason), {
        session,
        returnDocument: 'before',
        projection: { sealed: 1 },
      });
      if (before?.sealed === undefined && reason === 'sold_out') await this.ctx.outbox.append(session, drafts.soldOut(queueId, now));
      return before?.sealed ?? reason;
    });
  }

  private async underLease(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const owner = randomUUID();
    const lease = await this.takeLease(queueId, owner);
    if (!lease) return [];
    const held = heldLease(queueId, owner, lease.epoch);
    try {
      const admitted = await this.finishInflight(queueId, lease, held);
      if (admitted === null || lease.sealed !== undefined) return admitted ?? [];
      let passUpTo = 0;
      for (let look = 0; look < 3; look++) {
        const plan = await this.plan(queueId, rule, now, passUpTo, admitted.length, undefined);
        const inflight: Inflight = { tokens: plan.tokens, ...times(rule, now) };
        const recorded = await this.ctx.locks.updateOne(
          { ...held, sealed: { $exists: false } },
          { $max: { settled: plan.settled }, ...(plan.tokens.length > 0 ? { $set: { inflight } } : {}) },
        );
        // The lease ran out (server time), changed hands, or the queue was sealed: write nothing more.
        if (recorded.matchedCount === 0) return admitted;
        let written = 0;
        if (plan.tokens.length > 0) {
          const ids = await this.activate(queueId, inflight, undefined);
          written = ids.length;
          admitted.push(...ids);
          if ((await this.ctx.locks.updateOne(held, { $unset: { inflight: '' } })).matchedCount === 0) return admitted;
        }
        if (plan.blockedAt === null) {
          // A token that left between the read and its write leaves room: one more look fills it.
          if (written < plan.tokens.length) continue;
          break;
        }
        if (passUpTo >= plan.blockedAt) break;
        await sleep(this.options.gapGraceMs);
        passUpTo = plan.blockedAt;
      }
      return admitted;
    } finally {
      await this.releaseLease(queueId, owner, lease.epoch);
    }
  }

  /**
   * Without transactions the seal takes the lease like an admission: a batch
   * a predecessor recorded is landed first (it was decided before the seal),
   * then the seal is set under the lease, so no batch is recorded after it.
   * A lease that stays held (its holder died) runs out within leaseMs on the
   * server's clock; one that stays busy for twice that is a store fault.
   */
  private async sealUnderLease(queueId: string, reason: SealReason): Promise<SealReason> {
    const owner = randomUUID();
    const deadline = Date.now() + 2 * this.options.leaseMs;
    for (;;) {
      const lease = await this.takeLease(queueId, owner);
      if (lease) {
        if (lease.sealed !== undefined) {
          await this.releaseLease(queueId, owner, lease.epoch);
          return lease.sealed;
        }
        const held = heldLease(queueId, owner, lease.epoch);
        try {
          if ((await this.finishInflight(queueId, lease, held)) !== null) {
            const sealed = await this.ctx.locks.findOneAndUpdate(held, sealPipeline(reason), {
              returnDocument: 'after',
              projection: { sealed: 1 },
            });
            if (sealed?.sealed !== undefined) return sealed.sealed;
          }
        } finally {
          await this.releaseLease(queueId, owner, lease.epoch);
        }
      }
      if (Date.now() > deadline) {
        throw storeUnavailable(new Error(`the admission lease of queue ${queueId} stayed busy, so it could not be sealed`));
      }
      await sleep(25);
    }
  }

  /** Takes the lease if it is free on the server's clock; null when another holds it. */
  private async takeLease(queueId: string, owner: string): Promise<Lease | null> {
    try {
      const lease = await this.ctx.locks.findOneAndUpdate(
        { _id: admissionId(queueId) },
        acquireLeasePipeline(owner, this.options.leaseMs),
        { upsert: true, returnDocument: 'after' },
      );
      return lease?.owner === owner && typeof lease.epoch === 'number' ? (lease as Lease) : null;
    } catch (error) {
      // Two first takers raced on the insert: the other one holds it.
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  private async releaseLease(queueId: string, owner: string, epoch: number): Promise<void> {
    await this.ctx.locks
      .updateOne({ _id: admissionId(queueId), owner, epoch }, { $set: { until: new Date(0) } })
      .catch(() => undefined);
  }

  /**
   * A predecessor's recorded batch, landed before anything else so that its
   * late writes can change nothing: the tokens it activated, or null when the
   * lease was lost meanwhile.
   */
  private async finishInflight(queueId: string, lease: Lease, held: ReturnType<typeof heldLease>): Promise<string[] | null> {
    if (!lease.inflight) return [];
    const ids = await this.activate(queueId, lease.inflight, undefined);
    if ((await this.ctx.locks.updateOne(held, { $unset: { inflight: '' } })).matchedCount === 0) return null;
    return ids;
  }

  /** Created outside any transaction, so racing first admissions never meet on an insert. */
  private async ensureDocument(_id: string): Promise<void> {
    if (this.created.has(_id)) return;
    await this.ctx.locks.updateOne({ _id }, { $setOnInsert: { round: 0 } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    this.created.add(_id);
  }

  /** Counts and picks the next batch from the head, in line order, stopping where a missing seq may land. */
  private async plan(
    queueId: string,
    rule: AdmissionRule,
    now: number,
    passUpTo: number,
    alreadyAdmitted: number,
    session: ClientSession | undefined,
  ): Promise<Plan> {
    // One at a time: a session (inside a transaction) does not take concurrent operations.
    const state = await this.ctx.locks.findOne({ _id: admissionId(queueId) }, { session, projection: { settled: 1, sealed: 1 } });
    const settled = state?.settled ?? 0;
    if (state?.sealed !== undefined) return { tokens: [], settled, blockedAt: null };
    const active = await this.ctx.tokens.countDocuments({ queueId, state: 'active' }, { session });
    const recent = await this.ctx.tokens.countDocuments({ queueId, activatedAt: { $gt: now - rule.windowMs } }, { session });
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - recent, rule.limit - alreadyAdmitted);
    if (room <= 0) return { tokens: [], settled, blockedAt: null };
    const head = await this.ctx.tokens
      .find({ queueId, state: 'waiting' }, { session, sort: { line: 1 }, limit: room, projection: { _id: 1, seq: 1, drawKey: 1 } })
      .toArray();
    const line = head.map((t) => ({ _id: t._id.t, seq: t.seq, ...(t.drawKey !== undefined ? { drawKey: t.drawKey } : {}) }));
    if (!this.options.gapsPossible) return { tokens: line.map((t) => t._id), settled, blockedAt: null };
    const { scan, openSeq } = await this.scan(queueId, settled, passUpTo, session);
    const tokens = admissibleHead(line, scan.boundary, openSeq);
    const blockedAt = scan.graceUpTo !== null && tokens.length < line.length ? scan.graceUpTo : null;
    return { tokens, settled: scan.settled, blockedAt };
  }

  /**
   * How far the line is complete: the seqs taken before the opening in one
   * count, the later ones walked from the watermark (at most SCAN a look).
   */
  private async scan(
    queueId: string,
    settled: number,
    passUpTo: number,
    session: ClientSession | undefined,
  ): Promise<{ scan: LineScan; openSeq: number }> {
    const counter = await this.ctx.counters.findOne({ _id: counterId(queueId) }, { session, projection: { openSeq: 1 } });
    const openSeq = counter?.openSeq ?? 0;
    const present =
      settled >= openSeq ? 0 : await this.ctx.tokens.countDocuments({ queueId, seq: { $gt: settled, $lte: openSeq } }, { session });
    const opening = settleOpening(settled, openSeq, present, passUpTo);
    const from = Math.max(opening.settled, openSeq);
    const seqs = await this.ctx.tokens
      .find({ queueId, seq: { $gt: from } }, { session, sort: { seq: 1 }, limit: SCAN, projection: { _id: 0, seq: 1 } })
      .toArray();
    const later = scanLine(
      seqs.map((t) => t.seq),
      from,
      passUpTo,
      seqs.length < SCAN,
    );
    return { scan: combineScans(opening, later), openSeq };
  }

  /** Activates the batch's tokens one at a time, in order, each guarded on still waiting (with its event, in a transaction). */
  private async activate(queueId: string, batch: Inflight, session: ClientSession | undefined): Promise<string[]> {
    const activated: string[] = [];
    for (const token of batch.tokens) {
      const doc = await this.ctx.tokens.findOneAndUpdate(
        { _id: tokenKey(queueId, token), state: 'waiting' },
        { $set: { state: 'active', activatedAt: batch.activatedAt, activeUntil: batch.activeUntil } },
        { session, projection: { userId: 1 } },
      );
      if (!doc) continue;
      activated.push(token);
      await this.ctx.outbox.append(session, drafts.admitted({ queueId, token, userId: doc.userId }, batch.activeUntil, batch.activatedAt));
    }
    return activated;
  }
}

function times(rule: AdmissionRule, now: number): Pick<Inflight, 'activatedAt' | 'activeUntil'> {
  return { activatedAt: now, activeUntil: now + rule.sessionTtlMs };
}
