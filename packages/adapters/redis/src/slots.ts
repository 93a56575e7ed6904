/** Redis Cluster's 16384 hash slots and the key hashing that places a key in one (CRC16-XMODEM of its hash tag). */
export const SLOTS = 16384;

function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The slot of a key: of its hash tag (the text between the first `{` and the next `}`, if not empty), else of the whole key. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % SLOTS;
  }
  return crc16(key) % SLOTS;
}

let tags: string[] | null = null;

/** A short hash tag (`ix<n>`) that falls in `slot`, so a key can be made beside any other key. */
export function tagForSlot(slot: number): string {
  if (tags === null) {
    // The first n to land in each slot: ~170,000 CRCs once (tens of milliseconds), then a table lookup.
    const table: string[] = new Array<string>(SLOTS);
    let found = 0;
    for (let n = 0; found < SLOTS; n++) {
      const tag = `ix${n}`;
      const s = crc16(tag) % SLOTS;
      if (table[s] === undefined) {
        table[s] = tag;
        found += 1;
      }
    }
    tags = table;
  }
  return tags[slot]!;
}
