import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/batcher.js';

// The status path's batcher: one store call per queue at a time, every caller answered.

describe('Batcher', () => {
  it('runs the requests of one turn as one call per key, and answers each caller in order', async () => {
    const calls: Array<[string, readonly number[]]> = [];
    const b = new Batcher<number, number>(async (key, reqs) => {
      calls.push([key, reqs]);
      return reqs.map((r) => r * 10);
    });
    const answers = await Promise.all([b.submit('q1', 1), b.submit('q1', 2), b.submit('q2', 3), b.submit('q1', 4)]);
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(calls).toEqual([
      ['q1', [1, 2, 4]],
      ['q2', [3]],
    ]);
  });

  it('gathers the next batch while one is in flight, and caps a batch', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const b = new Batcher<number, number>(async (_key, reqs) => {
      calls.push([...reqs]);
      if (calls.length === 1) await gate;
      return reqs;
    }, 2);
    const first = b.submit('q', 1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [b.submit('q', 2), b.submit('q', 3), b.submit('q', 4)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([[1], [2, 3], [4]]);
  });

  it('a failed call rejects its own batch only', async () => {
    const b = new Batcher<number, number>(async (_key, reqs) => {
      if (reqs.includes(13)) throw new Error('store down');
      return reqs;
    });
    const bad = b.submit('a', 13);
    const good = b.submit('b', 1);
    await expect(bad).rejects.toThrow('store down');
    await expect(good).resolves.toBe(1);
  });
});
