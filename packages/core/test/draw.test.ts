import { drawKey, drawOrder, fromHex, hmacSha256, newSeed, seedHash, sha256, toHex, utf8, verifyDrawOrder } from '@boxoffice/core';
import { chiSquarePValue, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const hex = (s: string) => toHex(sha256(utf8(s)));
const mac = (key: Uint8Array, msg: string) => toHex(hmacSha256(key)(utf8(msg)));

describe('sha256 (FIPS 180-4 vectors)', () => {
  it('hashes the empty string, abc, the two-block message and a million a', () => {
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('pads correctly around the 55/56/64-byte boundaries', () => {
    // Known digests of 'a' repeated 55, 56 and 64 times.
    expect(hex('a'.repeat(55))).toBe('9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318');
    expect(hex('a'.repeat(56))).toBe('b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a');
    expect(hex('a'.repeat(64))).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb');
  });
});

describe('HMAC-SHA256 (RFC 4231 vectors)', () => {
  it('test cases 1, 2, 6 and 7', () => {
    expect(mac(new Uint8Array(20).fill(0x0b), 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(mac(utf8('Jefe'), 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const big = new Uint8Array(131).fill(0xaa);
    expect(mac(big, 'Test Using Larger Than Block-Size Key - Hash Key First')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
    expect(
      mac(big, 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    ).toBe('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2');
  });

  it('one keyed MAC serves many messages', () => {
    const m = hmacSha256(utf8('Jefe'));
    expect(toHex(m(utf8('what do ya want for nothing?')))).toBe(toHex(m(utf8('what do ya want for nothing?'))));
    expect(toHex(m(utf8('x')))).not.toBe(toHex(m(utf8('y'))));
  });
});

describe('the draw', () => {
  const seed = 'ab'.repeat(32);

  it('a seed is 32 bytes of hex drawn through the IdGenerator, and its hash is SHA-256 of the bytes', () => {
    const ids = new SequenceIds('sd');
    const a = newSeed(ids);
    const b = newSeed(ids);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(seedHash(a)).toBe(toHex(sha256(fromHex(a))));
  });

  it('orders tokens by ascending HMAC-SHA256(seed, token) hex', () => {
    const tokens = Array.from({ length: 50 }, (_, i) => `s.t${i}`);
    const order = drawOrder(seed, tokens);
    const keys = order.map((t) => drawKey(seed, t));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(order)).toEqual(new Set(tokens));
    expect(drawOrder(seed, [...tokens].reverse())).toEqual(order);
    expect(drawOrder('cd'.repeat(32), tokens)).not.toEqual(order);
  });

  it('the verifier accepts the drawn order and names the first place out of order', () => {
    const tokens = drawOrder(seed, ['a.1', 'a.2', 'a.3', 'a.4']);
    expect(verifyDrawOrder({ seed, seedHash: seedHash(seed), tokens })).toMatchObject({ ok: true, firstMismatch: null });
    const swapped = [tokens[0]!, tokens[2]!, tokens[1]!, tokens[3]!];
    expect(verifyDrawOrder({ seed, seedHash: seedHash(seed), tokens: swapped })).toMatchObject({
      ok: false,
      seedMatchesHash: true,
      orderMatches: false,
      firstMismatch: 2,
    });
    expect(verifyDrawOrder({ seed: 'cd'.repeat(32), seedHash: seedHash(seed), tokens })).toMatchObject({ ok: false, seedMatchesHash: false });
    expect(verifyDrawOrder({ seed: 'not hex', seedHash: seedHash(seed), tokens })).toMatchObject({ ok: false, seedMatchesHash: false });
  });

  it('places are uniform across seeds: chi-square over 10^4 shuffles of 20 tokens, p > 0.001', () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `u.token${i}`);
    const table = Array.from({ length: 20 }, () => new Array<number>(20).fill(0));
    for (let s = 0; s < 10_000; s++) {
      const order = drawOrder(hex(`seed-${s}`), tokens);
      order.forEach((t, place) => table[tokens.indexOf(t)]![place]!++);
    }
    expect(chiSquarePValue(table)).toBeGreaterThan(0.001);
  });
});
