import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queueStatusJson } from '../src/presenters.js';
import { testHost } from './support/api.js';

const iso = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

/** A status as core builds it: its keys in core's order. */
const status = fc.record({
  token: fc.string(),
  saleId: fc.string(),
  mode: fc.constantFrom('queue', 'paused', 'passthrough', 'reject'),
  opensAt: orNull(iso),
  endReason: orNull(fc.constantFrom('paid', 'session_ended', 'idle', 'left', 'sold_out', 'closed')),
  state: fc.constantFrom('pre_queue', 'waiting', 'active', 'completed', 'expired'),
  position: orNull(fc.integer({ min: 1, max: 2 ** 31 })),
  etaSeconds: orNull(fc.nat()),
  activeUntil: orNull(iso),
  pollAfterMs: fc.nat(),
});

describe('the status poll serialiser', () => {
  it('writes the bytes JSON.stringify wrote, hostile strings included', () => {
    fc.assert(
      fc.property(status, (s) => {
        expect(queueStatusJson(s as never)).toBe(JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes what the queue service answers, byte for byte, in every state', async () => {
    const host = await testHost({ scheduler: false, maxActive: 1 });
    try {
      const { queue } = host.boxoffice;
      const first = await queue.enter('default', 'u1');
      const second = await queue.enter('default', 'u2');
      await host.tickNow();
      const seen = new Set<string>();
      for (const [token, user] of [[first.status.token, 'u1'], [second.status.token, 'u2']] as const) {
        const s = await queue.status('default', token, user);
        seen.add(s.state);
        expect(queueStatusJson(s)).toBe(JSON.stringify(s));
      }
      await queue.leave('default', first.status.token, 'u1');
      const ended = await queue.status('default', first.status.token, 'u1');
      seen.add(ended.state);
      expect(queueStatusJson(ended)).toBe(JSON.stringify(ended));
      expect([...seen].sort()).toEqual(['active', 'expired', 'waiting']);
    } finally {
      await host.close();
    }
  });
});
