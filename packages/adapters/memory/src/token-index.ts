const MIN_CAPACITY = 64;

/**
 * Records by their token string, for a memory queue's line of 10^6 tokens.
 *
 * A `Map` lookup at 10^6 walks a bucket, then a chain of entries each in its own cache
 * line, and reads the key string of every entry that does not match: with a poll's token
 * at a random place that is 4-6 dependent misses, about a microsecond on the bench machine
 * (bench/README.md, "A token index instead of a Map"). Here a lookup reads one slot pair
 * [tag, record] (linear probing, at most half full, so a probe rarely leaves the line) and
 * then the record: a record is opened only when 29 bits of the hash match.
 *
 * The hash is seeded per process but is no keyed cryptographic hash. It need not be: only the
 * server's id generator chooses the tokens stored, and a lookup of an unknown token inserts nothing.
 */
export class TokenIndex<T extends { readonly token: string }> {
  /** Slot i is slots[2i] (the tag: 0 empty, else 29 bits of the hash with bit 29 set) and slots[2i + 1] (the record). */
  private slots: Array<number | T | undefined>;
  private mask: number;
  private count = 0;

  /** `minCapacity`, a power of two: the first size of the table, and the one it never shrinks below. */
  constructor(
    private readonly hash: (key: string) => number = seededHash((Math.random() * 0x100000000) >>> 0),
    private readonly minCapacity = MIN_CAPACITY,
  ) {
    this.slots = emptySlots(minCapacity);
    this.mask = minCapacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): T | undefined {
    const tag = tagOf(this.hash(key));
    const slots = this.slots;
    for (let i = tag & this.mask; ; i = (i + 1) & this.mask) {
      const t = slots[2 * i];
      if (t === 0) return undefined;
      if (t === tag) {
        const record = slots[2 * i + 1] as T;
        if (record.token === key) return record;
      }
    }
  }

  /** Adds the record under its token, or replaces the record stored under it. */
  set(record: T): void {
    if (2 * (this.count + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    const tag = tagOf(this.hash(record.token));
    const slots = this.slots;
    let i = tag & this.mask;
    for (; slots[2 * i] !== 0; i = (i + 1) & this.mask) {
      if (slots[2 * i] === tag && (slots[2 * i + 1] as T).token === record.token) {
        slots[2 * i + 1] = record;
        return;
      }
    }
    slots[2 * i] = tag;
    slots[2 * i + 1] = record;
    this.count += 1;
  }

  delete(key: string): boolean {
    const tag = tagOf(this.hash(key));
    const slots = this.slots;
    const mask = this.mask;
    let i = tag & mask;
    for (; ; i = (i + 1) & mask) {
      const t = slots[2 * i];
      if (t === 0) return false;
      if (t === tag && (slots[2 * i + 1] as T).token === key) break;
    }
    // Backward-shift deletion: no tombstones, so a lookup still stops at the first empty slot.
    // Each later slot of the run moves into the hole unless its home lies cyclically in (hole, slot].
    let hole = i;
    for (let j = (hole + 1) & mask; slots[2 * j] !== 0; j = (j + 1) & mask) {
      const home = (slots[2 * j] as number) & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[2 * hole] = slots[2 * j];
        slots[2 * hole + 1] = slots[2 * j + 1];
        hole = j;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = undefined;
    this.count -= 1;
    // A line that drained gives its memory back, as a Map does.
    if (this.mask + 1 > this.minCapacity && 8 * this.count < this.mask + 1) this.resize((this.mask + 1) / 2);
    return true;
  }

  /** Moves every record to a table of `capacity` slots; the tags keep enough of the hash to place them without hashing a token again. */
  private resize(capacity: number): void {
    const old = this.slots;
    const slots: Array<number | T | undefined> = emptySlots(capacity);
    const mask = capacity - 1;
    for (let k = 0; k < old.length; k += 2) {
      const tag = old[k] as number;
      if (tag === 0) continue;
      let i = tag & mask;
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = tag;
      slots[2 * i + 1] = old[k + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A small integer (a V8 Smi, so the slot array holds no boxed numbers), never 0. */
function tagOf(hash: number): number {
  return (hash & 0x1fffffff) | 0x20000000;
}

function emptySlots(capacity: number): Array<number | undefined> {
  return new Array<number | undefined>(2 * capacity).fill(0);
}

/** FNV-1a over UTF-16 code units from a seed, then MurmurHash3's finaliser so every bit of the key reaches the low bits. */
export function seededHash(seed: number): (key: string) => number {
  return (key) => {
    let h = (0x811c9dc5 ^ seed) | 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  };
}
