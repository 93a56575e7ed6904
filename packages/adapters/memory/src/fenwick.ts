/**
 * A growable Fenwick (binary indexed) tree over 1-based slots: point update and
 * prefix sum in O(log n). The waiting line keeps a 1 per waiting token at its
 * entry sequence, so a position is one prefix sum, even as tokens leave from the middle.
 */
export class Fenwick {
  private tree = new Int32Array(64);

  add(index: number, delta: number): void {
    while (index >= this.tree.length) this.grow();
    for (let i = index; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  /** Sum of slots 1..index. */
  prefix(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.tree.length - 1); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  private grow(): void {
    // Rebuild into a tree twice the size: recover point values, then re-add. O(n), amortised O(1) per slot.
    const old = this.tree;
    const values = new Int32Array(old.length);
    for (let i = 1; i < old.length; i++) values[i] = this.prefixOf(old, i) - this.prefixOf(old, i - 1);
    this.tree = new Int32Array(old.length * 2);
    for (let i = 1; i < values.length; i++) {
      const v = values[i]!;
      if (v !== 0) for (let j = i; j < this.tree.length; j += j & -j) this.tree[j]! += v;
    }
  }

  private prefixOf(tree: Int32Array, index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += tree[i]!;
    return sum;
  }
}
