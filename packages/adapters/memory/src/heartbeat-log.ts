/** What the log needs of a waiting token: where its latest entry is (-1: none) and when it was last seen. */
export interface Beating {
  hbIndex: number;
  hbSeen: number;
}

/**
 * Waiting tokens in heartbeat order, oldest first: an append-only log where a heartbeat
 * appends the token again and its older entries go stale (the token keeps the index of its
 * latest). A Map re-ordered on every heartbeat (delete + set) cost a hash lookup and a
 * bucket write in a 10^6-entry table per status poll; an append touches the log's tail,
 * which stays in cache, and the token in hand. Stale entries are dropped from the head
 * as the sweeps pass and by a compaction once they outnumber the live ones, so the log
 * stays within about twice the waiting line.
 */
export class HeartbeatLog<T extends Beating> {
  private entries: (T | null)[] = [];
  /** Absolute index of entries[0]: indexes never repeat, so a stale token index cannot match a new entry. */
  private base = 0;
  private head = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Moves the token to the end of the order, seen at `seen`. */
  touch(token: T, seen: number): void {
    this.drop(token);
    token.hbIndex = this.base + this.entries.length;
    token.hbSeen = seen;
    this.entries.push(token);
    this.live += 1;
    const span = this.entries.length - this.head;
    if (span > 2 * this.live + 1024 || (this.head > 1024 && this.head > span)) this.compact();
  }

  /**
   * Takes the token out of the order (it is no longer waiting). Its entry stays in the log, stale (the token's
   * index no longer names it): clearing it would read a random place of a log of 10^6 entries on every poll.
   */
  drop(token: T): void {
    if (token.hbIndex < 0) return;
    token.hbIndex = -1;
    this.live -= 1;
  }

  /** The token seen longest ago, or undefined. Stale entries at the head go on the way. */
  oldest(): T | undefined {
    while (this.head < this.entries.length) {
      const t = this.entries[this.head];
      if (t && t.hbIndex === this.base + this.head) return t;
      this.entries[this.head++] = null;
    }
    return undefined;
  }

  private compact(): void {
    const kept: T[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const t = this.entries[i];
      if (t && t.hbIndex === this.base + i) kept.push(t);
    }
    this.base += this.entries.length;
    kept.forEach((t, i) => (t.hbIndex = this.base + i));
    this.entries = kept;
    this.head = 0;
  }
}
