import { randomUUID } from 'node:crypto';
import type { AdmissionRule } from '@boxoffice/core';
import type { ClientSession } from 'mongodb';
import type { MongoContext } from './context.js';
import type { Inflight } from './documents/queue.js';
import { acquireLeasePipeline, admissionId, heldLease, scanLine } from './documents/queue.js';
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
  /** A missing seq held back tokens that the room had space for. */
  readonly blockedAt: number | null;
}

/**
 * A queue's admission: count, pick from the head in seq order, activate.
 *
 * With transactions, all of it runs in one transaction that first bumps the
 * queue's admission document, so two concurrent admissions conflict there and
 * one retries on the other's result: neither can admit into slots the other
 * filled.
 *
 * Without, one process at a time admits under a lease timed by the server's
 * clock (`$$NOW`; host clocks play no part). A holder records the batch it is
 * about to write on the lease document, guarded on its epoch and on the lease
 * being unexpired, and then writes the tokens; whoever takes the lease next
 * first finishes a recorded batch (the same guarded writes, same values), and
 * only then counts. So a holder stalled past its lease can still land only the
 * writes of a batch its successor has already made (they then change nothing),
 * and never starts another.
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

  private async inTransaction(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const _id = admissionId(queueId);
    if (!this.created.has(_id)) {
      // Created outside the transaction, so racing first admissions never meet on an insert.
      await this.ctx.locks.updateOne({ _id }, { $setOnInsert: { round: 0 } }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      this.created.add(_id);
    }
    const admitted: string[] = [];
    let passUpTo = 0;
    for (let look = 0; look < 2; look++) {
      const { ids, blockedAt } = await this.ctx.steps.run(async (session) => {
        await this.ctx.locks.updateOne({ _id }, { $inc: { round: 1 } }, { session });
        const plan = await this.plan(queueId, rule, now, passUpTo, admitted.length, session);
        await this.ctx.locks.updateOne({ _id }, { $max: { settled: plan.settled } }, { session });
        const written = await this.activate(queueId, { tokens: plan.tokens, ...times(rule, now) }, session);
        return { ids: written, blockedAt: plan.blockedAt };
      });
      admitted.push(...ids);
      if (blockedAt === null || look === 1) break;
      await sleep(this.options.gapGraceMs);
      passUpTo = blockedAt;
    }
    return admitted;
  }

  private async underLease(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const owner = randomUUID();
    const _id = admissionId(queueId);
    let lease;
    try {
      lease = await this.ctx.locks.findOneAndUpdate({ _id }, acquireLeasePipeline(owner, this.options.leaseMs), {
        upsert: true,
        returnDocument: 'after',
      });
    } catch (error) {
      // Two first admissions raced on the insert: the other one holds it.
      if (isDuplicateKey(error)) return [];
      throw error;
    }
    if (lease?.owner !== owner || typeof lease.epoch !== 'number') return [];
    const held = heldLease(queueId, owner, lease.epoch);
    try {
      const admitted: string[] = [];
      if (lease.inflight) {
        // A predecessor's batch: finish it before counting, so its late writes can change nothing.
        admitted.push(...(await this.activate(queueId, lease.inflight, undefined)));
        if ((await this.ctx.locks.updateOne(held, { $unset: { inflight: '' } })).matchedCount === 0) return admitted;
      }
      let passUpTo = 0;
      for (let look = 0; look < 3; look++) {
        const plan = await this.plan(queueId, rule, now, passUpTo, admitted.length, undefined);
        const inflight: Inflight = { tokens: plan.tokens, ...times(rule, now) };
        const recorded = await this.ctx.locks.updateOne(held, {
          $max: { settled: plan.settled },
          ...(plan.tokens.length > 0 ? { $set: { inflight } } : {}),
        });
        // The lease ran out (server time) or changed hands: write nothing more.
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
      await this.ctx.locks.updateOne({ _id, owner, epoch: lease.epoch }, { $set: { until: new Date(0) } }).catch(() => undefined);
    }
  }

  /** Counts and picks the next batch from the head, in seq order, stopping at a missing seq. */
  private async plan(
    queueId: string,
    rule: AdmissionRule,
    now: number,
    passUpTo: number,
    alreadyAdmitted: number,
    session: ClientSession | undefined,
  ): Promise<Plan> {
    // One at a time: a session (inside a transaction) does not take concurrent operations.
    const active = await this.ctx.tokens.countDocuments({ queueId, state: 'active' }, { session });
    const recent = await this.ctx.tokens.countDocuments({ queueId, activatedAt: { $gt: now - rule.windowMs } }, { session });
    const state = await this.ctx.locks.findOne({ _id: admissionId(queueId) }, { session, projection: { settled: 1 } });
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - recent, rule.limit - alreadyAdmitted);
    const settled = state?.settled ?? 0;
    if (room <= 0) return { tokens: [], settled, blockedAt: null };
    const head = await this.ctx.tokens
      .find({ queueId, state: 'waiting' }, { session, sort: { seq: 1 }, limit: room, projection: { _id: 1, seq: 1 } })
      .toArray();
    if (!this.options.gapsPossible) return { tokens: head.map((t) => t._id), settled, blockedAt: null };
    const seqs = await this.ctx.tokens
      .find({ queueId, seq: { $gt: settled } }, { session, sort: { seq: 1 }, limit: SCAN, projection: { _id: 0, seq: 1 } })
      .toArray();
    const scan = scanLine(
      seqs.map((t) => t.seq),
      settled,
      passUpTo,
      seqs.length < SCAN,
    );
    const tokens = head.filter((t) => t.seq <= scan.boundary).map((t) => t._id);
    const blockedAt = scan.gap !== null && tokens.length < head.length ? scan.gap : null;
    return { tokens, settled: scan.settled, blockedAt };
  }

  /** Activates the batch's tokens one at a time, in order, each guarded on still waiting. */
  private async activate(queueId: string, batch: Inflight, session: ClientSession | undefined): Promise<string[]> {
    const activated: string[] = [];
    for (const _id of batch.tokens) {
      const result = await this.ctx.tokens.updateOne(
        { _id, queueId, state: 'waiting' },
        { $set: { state: 'active', activatedAt: batch.activatedAt, activeUntil: batch.activeUntil } },
        { session },
      );
      if (result.modifiedCount === 1) activated.push(_id);
    }
    return activated;
  }
}

function times(rule: AdmissionRule, now: number): Pick<Inflight, 'activatedAt' | 'activeUntil'> {
  return { activatedAt: now, activeUntil: now + rule.sessionTtlMs };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
