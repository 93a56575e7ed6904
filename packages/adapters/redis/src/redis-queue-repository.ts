import type {
  AdmissionRule,
  EndReason,
  EnterResult,
  Heartbeat,
  LineHeartbeat,
  QueueCounts,
  QueueRepository,
  QueueState,
  QueueTokenPrimitives,
  SaleMode,
  SealReason,
  StatusRead,
  TokenView,
  EnterRefusal,
} from '@boxoffice/core';
import type { ScriptReply } from './errors.js';
import { checkReply } from './errors.js';
import type { RedisKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';

/** Ended tokens are kept this long by default, then Redis drops them. */
export const DEFAULT_ENDED_TOKEN_TTL_MS = 10 * 60 * 1000;

/**
 * Queues in Redis, one hash tag per queue, in a compact layout (queue-record.lua): a live token is a few
 * bytes in bucketed hashes that stay listpacks (its record, its seq, its user's live token); an ended token
 * becomes its own key with a TTL. The line is a bitmap over seq with a Fenwick tree of block counts, so a
 * position is O(log n) with no entry per token. The pre-queue sits ahead of it in a sorted set of equal
 * scores whose members are drawKey..token, so Redis keeps it in draw order as it fills and the opening is one
 * flag. Idle tokens are found through seq groups scored by their earliest heartbeat and lapsed sessions
 * through the active sorted set, so a tick's work is bounded by its limit.
 * Every method is one script: one round trip, atomic per queue.
 */
export class RedisQueueRepository implements QueueRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
    private readonly endedTokenTtlMs = DEFAULT_ENDED_TOKEN_TTL_MS,
  ) {}

  async enter(candidate: Omit<QueueTokenPrimitives, 'seq'>, sessionTtlMs?: number): Promise<EnterResult> {
    const k = this.keys.queue(candidate.queueId);
    const reply = (await this.scripts.raw(
      'queue-enter',
      [k.seq, k.line, k.lineTree, k.idle, k.preQueue, k.drawTree, k.meta, k.active, k.admissions],
      [
        k.buckets,
        candidate.token,
        candidate.userId,
        candidate.enteredAt,
        candidate.lastSeenAt,
        candidate.drawKey ?? '',
        sessionTtlMs ?? '',
        ...(await this.outbox.args(k.events, candidate.queueId)),
      ],
    )) as ScriptReply;
    if (reply[0] === 'refused') return { refused: String(reply[1]) as EnterRefusal };
    checkReply(reply);
    const [, created, position, openedAt, token, ...fields] = reply;
    return {
      token: decodeToken(candidate.queueId, String(token), fields),
      created: created === 1,
      position: maybe(position),
      openedAt: maybe(openedAt),
    };
  }

  async view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    const k = this.keys.queue(queueId);
    const reply = await this.scripts.call(
      'queue-view',
      [k.line, k.lineTree, k.preQueue, k.meta],
      [k.buckets, k.endedPrefix, queueId, token, heartbeat?.at ?? '', heartbeat?.userId ?? ''],
    );
    if (reply[0] === 'none') return null;
    const [, position, openedAt, ...fields] = reply;
    return { token: decodeToken(queueId, token, fields), position: maybe(position), openedAt: maybe(openedAt) };
  }

  /** One script for the whole batch: a record read and a rank per token, heartbeats only past the slack. */
  async statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>> {
    if (reads.length === 0) return [];
    const k = this.keys.queue(queueId);
    const args: Array<string | number> = [k.buckets, k.endedPrefix, queueId, slackMs];
    for (const r of reads) args.push(r.token, r.heartbeat?.at ?? '', r.heartbeat?.userId ?? '');
    const reply = (await this.scripts.raw('queue-status', [k.line, k.lineTree, k.preQueue, k.meta], args)) as unknown[];
    const openedAt = maybe(reply[0]);
    return reads.map((r, i) => {
      const raw = reply[2 + 2 * i];
      if (raw === '' || raw === null || raw === undefined) return null;
      return { token: decodeRecord(queueId, r.token, String(raw)), position: maybe(reply[1 + 2 * i]), openedAt };
    });
  }

  /**
   * A bit and a rank per seq in one script; a seq no token of this queue could have answers null without asking.
   * Each seq is asked once, in ascending order: the script ranks a seq from the one before it when they are near.
   * Heartbeats go in the same script, kept by seq apart from the record (queue-record.lua, "beats"), for seqs
   * below 2^26; a heartbeat for a later seq answers null unasked, and core reads that token in full.
   */
  async linePlaces(queueId: string, seqs: readonly number[], heartbeat?: LineHeartbeat): Promise<Array<number | null>> {
    const beats = heartbeat && new Set(heartbeat.seqs.filter(isSeq));
    const asked = [...new Set(seqs.filter((seq) => isSeq(seq) && !(seq >= BEAT_SEQ_LIMIT && beats?.has(seq))))].sort((a, b) => a - b);
    if (asked.length === 0) return seqs.map(() => null);
    const k = this.keys.queue(queueId);
    const beating = beats ? [...beats].filter((seq) => seq < BEAT_SEQ_LIMIT) : [];
    const args = [k.buckets, beating.length > 0 ? heartbeat!.at : '', asked.length, ...asked, ...beating];
    const reply = (await this.scripts.raw('queue-places', [k.line, k.lineTree, k.preQueue, k.meta], args)) as unknown[];
    const places = new Map(asked.map((seq, i) => [seq, maybe(reply[i])]));
    return seqs.map((seq) => places.get(seq) ?? null);
  }

  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return this.end(queueId, token, 'expired', now);
  }

  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    return this.end(queueId, token, 'completed', now);
  }

  async expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    return this.expire(queueId, 'active', now, now, limit);
  }

  async expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    return this.expire(queueId, 'waiting', idleBefore, now, limit);
  }

  async admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw(
      'queue-admit',
      [k.line, k.lineTree, k.active, k.admissions, k.preQueue, k.meta],
      [k.buckets, now, rule.windowMs, rule.maxActive, rule.admitPerMinute, rule.sessionTtlMs, rule.limit, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }

  async seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw(
      'queue-seal',
      [k.line, k.lineTree, k.idle, k.preQueue, k.active, k.meta],
      [k.buckets, k.endedPrefix, reason, now, limit, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }

  async unseal(queueId: string, now: number): Promise<boolean> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw('queue-unseal', [k.meta], [now, ...(await this.outbox.args(k.events, queueId))])) === 1;
  }

  async listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw('queue-drawn', [k.drawTree, k.meta], [offset, limit, k.buckets, queueId])) as string[];
  }

  async counts(queueId: string, now: number): Promise<QueueCounts> {
    const k = this.keys.queue(queueId);
    const [waiting, drawn, active, admittedLastMinute, openedAt, sealed, mode, modeVersion] = (await this.scripts.raw(
      'queue-counts',
      [k.lineTree, k.active, k.preQueue, k.admissions, k.meta],
      [now],
    )) as [number, number, number, number, string, string, string, string];
    return {
      waiting,
      drawn,
      active,
      admittedLastMinute,
      openedAt: maybe(openedAt),
      sealed: sealed === '' ? null : (sealed as SealReason),
      mode: mode === '' ? 'queue' : (mode as SaleMode),
      modeVersion: modeVersion === '' ? 0 : Number(modeVersion),
    };
  }

  async setMode(queueId: string, mode: SaleMode, version: number, now: number): Promise<boolean> {
    return (await this.scripts.raw('queue-mode', [this.keys.queue(queueId).meta], [mode, version, now])) === 1;
  }

  private async end(queueId: string, token: string, to: 'expired' | 'completed', now: number): Promise<QueueTokenPrimitives | null> {
    const k = this.keys.queue(queueId);
    const reply = await this.scripts.call(
      'queue-end',
      [k.line, k.lineTree, k.preQueue, k.active, k.meta],
      [k.buckets, k.endedPrefix, token, to, now, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    );
    if (reply[0] === 'none') return null;
    return decodeToken(queueId, token, reply.slice(1));
  }

  private async expire(queueId: string, index: QueueState, bound: number, now: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw(
      'queue-expire',
      [k.line, k.lineTree, k.idle, k.preQueue, k.active, k.meta],
      [k.buckets, k.endedPrefix, index, bound, now, limit, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }
}

function num(value: unknown): number {
  return Number(value);
}

function maybe(value: unknown): number | null {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

const LINE_REC = /^l\|([0-9a-z]+)\|(-?[0-9a-z]+)\|(-?\d+)\|(-?\d+)\|(.*)$/s;
const LIVE = /^([wa])\|(\d+)\|(-?[0-9a-z]+)\|(-?\d+)\|(-?\d+)\|(-?\d*)\|(-?\d*)\|([0-9a-f]*)\|(.*)$/s;
const ENDED = /^([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([0-9a-fA-F]*)\|([a-z_]*)\|(.*)$/s;

/**
 * A stored record as queue-record.lua's parse reads it, straight into a token: one waiting in the line
 * 'l|seq|ea|ls-ea|ls-pf|userId' (seq and ea in base 36, the times as deltas), another live one
 * 'w|seq|ea|ls-ea|ls-pf|aa-ea|au-aa|dk|userId' (state w or a, ea in base 36, the other times as deltas), an ended one
 * 'state|seq|ea|ls|aa|au|ee|dk|er|userId'.
 */
export function decodeRecord(queueId: string, token: string, raw: string): QueueTokenPrimitives {
  const l = LINE_REC.exec(raw);
  if (l) {
    const enteredAt = parseInt(l[2]!, 36);
    return {
      token,
      queueId,
      userId: l[5]!,
      state: 'waiting',
      seq: parseInt(l[1]!, 36),
      enteredAt,
      lastSeenAt: enteredAt + Number(l[3]),
      activatedAt: null,
      activeUntil: null,
      endedAt: null,
      drawKey: null,
      endReason: null,
    };
  }
  const m = LIVE.exec(raw);
  if (m) {
    const enteredAt = parseInt(m[3]!, 36);
    const activatedAt = m[6] === '' ? null : enteredAt + Number(m[6]);
    return {
      token,
      queueId,
      userId: m[9]!,
      state: m[1] === 'w' ? 'waiting' : 'active',
      seq: Number(m[2]),
      enteredAt,
      lastSeenAt: enteredAt + Number(m[4]),
      activatedAt,
      activeUntil: activatedAt === null ? null : activatedAt + Number(m[7]),
      endedAt: null,
      drawKey: m[8] === '' ? null : m[8]!,
      endReason: null,
    };
  }
  const e = ENDED.exec(raw);
  if (!e) throw new Error(`unreadable queue record: ${raw.slice(0, 40)}`);
  return decodeToken(queueId, token, [e[10], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9]]);
}

/** A token from its record fields {u, st, seq, ea, ls, aa, au, ee, dk, er}; '' stands for null. */
function decodeToken(queueId: string, token: string, fields: unknown[]): QueueTokenPrimitives {
  const [u, st, seq, ea, ls, aa, au, ee, dk, er] = fields;
  return {
    token,
    queueId,
    userId: String(u),
    state: String(st) as QueueState,
    seq: num(seq),
    enteredAt: num(ea),
    lastSeenAt: num(ls),
    activatedAt: maybe(aa),
    activeUntil: maybe(au),
    endedAt: maybe(ee),
    drawKey: dk === '' || dk === undefined || dk === null ? null : String(dk),
    endReason: er === '' || er === undefined || er === null ? null : (String(er) as EndReason),
  };
}

/** The beats array's slots are u48 at #seq: within a Redis string's 2^32 bits. */
const BEAT_SEQ_LIMIT = 2 ** 26;

/** A seq the line bitmap can hold (SETBIT takes offsets below 2^32). */
function isSeq(seq: number): boolean {
  return Number.isSafeInteger(seq) && seq >= 0 && seq < 2 ** 32;
}
