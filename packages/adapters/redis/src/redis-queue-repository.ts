import type {
  AdmissionRule,
  EndReason,
  EnterResult,
  Heartbeat,
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
 * Queues in Redis, one hash tag per queue. Live token records are fields of
 * one hash; an ended token becomes its own key with a TTL. Waiting tokens sit in a sorted set
 * scored by seq, so a position is ZRANK: O(log n). The pre-queue sits ahead of them in a sorted
 * set of equal scores whose members are drawKey..token, so Redis keeps it in draw order as it
 * fills and the opening is one flag: no work grows with the pre-queue. Idle tokens are found through
 * a heartbeat sorted set and lapsed sessions through the active one, each read
 * with ZRANGEBYSCORE ... LIMIT, so a tick's work is bounded by its limit.
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
      [k.seq, k.waiting, k.heartbeats, k.users, k.live, k.preQueue, k.draw, k.meta, k.active, k.admissions],
      [
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
      [k.live, k.ended(token), k.waiting, k.heartbeats, k.preQueue, k.meta],
      [token, heartbeat?.at ?? '', heartbeat?.userId ?? ''],
    );
    if (reply[0] === 'none') return null;
    const [, position, openedAt, ...fields] = reply;
    return { token: decodeToken(queueId, token, fields), position: maybe(position), openedAt: maybe(openedAt) };
  }

  /** One script for the whole batch: a record read and a rank per token, heartbeats only past the slack. */
  async statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>> {
    if (reads.length === 0) return [];
    const k = this.keys.queue(queueId);
    const args: Array<string | number> = [k.endedPrefix, slackMs];
    for (const r of reads) args.push(r.token, r.heartbeat?.at ?? '', r.heartbeat?.userId ?? '');
    const reply = (await this.scripts.raw('queue-status', [k.live, k.waiting, k.heartbeats, k.preQueue, k.meta], args)) as unknown[];
    const openedAt = maybe(reply[0]);
    return reads.map((r, i) => {
      const raw = reply[2 + 2 * i];
      if (raw === '' || raw === null || raw === undefined) return null;
      return { token: decodeToken(queueId, r.token, parseRecord(String(raw))), position: maybe(reply[1 + 2 * i]), openedAt };
    });
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
      [k.live, k.waiting, k.heartbeats, k.active, k.admissions, k.preQueue, k.meta],
      [now, rule.windowMs, rule.maxActive, rule.admitPerMinute, rule.sessionTtlMs, rule.limit, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }

  async seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw(
      'queue-seal',
      [k.live, k.waiting, k.heartbeats, k.users, k.preQueue, k.meta],
      [k.endedPrefix, reason, now, limit, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }

  async listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw('queue-drawn', [k.draw, k.meta], [offset, limit])) as string[];
  }

  async counts(queueId: string, now: number): Promise<QueueCounts> {
    const k = this.keys.queue(queueId);
    const [waiting, drawn, active, admittedLastMinute, openedAt, sealed, mode, modeVersion] = (await this.scripts.raw(
      'queue-counts',
      [k.waiting, k.active, k.preQueue, k.admissions, k.meta],
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
      [k.live, k.ended(token), k.waiting, k.heartbeats, k.active, k.users, k.preQueue],
      [token, to, now, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    );
    if (reply[0] === 'none') return null;
    return decodeToken(queueId, token, reply.slice(1));
  }

  private async expire(queueId: string, index: QueueState, bound: number, now: number, limit: number): Promise<string[]> {
    const k = this.keys.queue(queueId);
    return (await this.scripts.raw(
      'queue-expire',
      [k.live, k.waiting, k.heartbeats, k.active, k.users, k.preQueue, k.meta],
      [k.endedPrefix, index, bound, now, limit, this.endedTokenTtlMs, ...(await this.outbox.args(k.events, queueId))],
    )) as string[];
  }
}

function num(value: unknown): number {
  return Number(value);
}

function maybe(value: unknown): number | null {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

const RECORD = /^([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([0-9a-fA-F]*)\|([a-z_]*)\|(.*)$/s;
const OLD_RECORD = /^([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|(.*)$/s;

/** A stored record 'state|seq|ea|ls|aa|au|ee|dk|er|userId' as the fields {u, st, seq, ea, ls, aa, au, ee, dk, er}: queue-record.lua's parse, in TypeScript. */
export function parseRecord(raw: string): string[] {
  const m = RECORD.exec(raw);
  if (m) return [m[10]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!, m[9]!];
  // A record written before sales had no draw key and no end reason.
  const o = OLD_RECORD.exec(raw);
  if (!o) throw new Error(`unreadable queue record: ${raw.slice(0, 40)}`);
  return [o[8]!, o[1]!, o[2]!, o[3]!, o[4]!, o[5]!, o[6]!, o[7]!, '', ''];
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
