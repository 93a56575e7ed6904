/**
 * SHA-256 and HMAC-SHA256 in plain TypeScript (FIPS 180-4, RFC 2104). Core imports no
 * platform crypto, and the draw's verifier must run anywhere (a browser page, a CLI), so
 * the hash lives here. Not constant-time: it hashes public data and the draw's seed, whose
 * secrecy ends when the sale opens.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Uint32Array(64);

/** One 64-byte block into state `h`. */
function compress(h: Uint32Array, block: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    W[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = h[0]! + a; h[1] = h[1]! + b; h[2] = h[2]! + c; h[3] = h[3]! + d;
  h[4] = h[4]! + e; h[5] = h[5]! + f; h[6] = h[6]! + g; h[7] = h[7]! + k;
}

/** Scratch for the final blocks; hashing never re-enters, so one buffer serves every call. */
const TAIL = new Uint8Array(128);

/** Hashes `data` continuing from `state` after `prefixBytes` already absorbed (a whole number of blocks). */
function finish(state: Uint32Array, data: Uint8Array, prefixBytes: number): Uint8Array {
  const h = new Uint32Array(state);
  const full = data.length - (data.length % 64);
  for (let at = 0; at < full; at += 64) compress(h, data, at);
  const rest = data.length - full;
  const size = rest < 56 ? 64 : 128;
  TAIL.fill(0, 0, size);
  TAIL.set(data.subarray(full));
  TAIL[rest] = 0x80;
  const bits = (prefixBytes + data.length) * 8;
  const high = Math.floor(bits / 2 ** 32);
  const low = bits >>> 0;
  TAIL[size - 8] = high >>> 24;
  TAIL[size - 7] = (high >>> 16) & 0xff;
  TAIL[size - 6] = (high >>> 8) & 0xff;
  TAIL[size - 5] = high & 0xff;
  TAIL[size - 4] = low >>> 24;
  TAIL[size - 3] = (low >>> 16) & 0xff;
  TAIL[size - 2] = (low >>> 8) & 0xff;
  TAIL[size - 1] = low & 0xff;
  for (let at = 0; at < size; at += 64) compress(h, TAIL, at);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const w = h[i]!;
    out[i * 4] = w >>> 24;
    out[i * 4 + 1] = (w >>> 16) & 0xff;
    out[i * 4 + 2] = (w >>> 8) & 0xff;
    out[i * 4 + 3] = w & 0xff;
  }
  return out;
}

const ENCODER = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function utf8(text: string): Uint8Array {
  return ENCODER.encode(text);
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]!];
  return hex;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError('not an even-length hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function sha256(data: Uint8Array): Uint8Array {
  return finish(new Uint32Array(H0), data, 0);
}

/**
 * HMAC-SHA256 with a fixed key: the key's inner and outer pads are absorbed once, so
 * each message costs two or three block compressions (10^5 draw keys in well under a second).
 */
export function hmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint32Array(H0);
  const outer = new Uint32Array(H0);
  compress(inner, block.map((b) => b ^ 0x36), 0);
  compress(outer, block.map((b) => b ^ 0x5c), 0);
  return (message) => finish(outer, finish(inner, message, 64), 64);
}
