/** mulberry32: a small seeded generator, so a rush can be replayed with --seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential with the given mean. */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/**
 * Arrival offsets in ms: a share `burst` lands in the first second (the sale
 * opens), the rest follow as a Poisson process of `rate` per second.
 */
export function arrivals(random: () => number, users: number, burst: number, rate: number): number[] {
  const out: number[] = [];
  const inBurst = Math.round(users * burst);
  for (let i = 0; i < inBurst; i++) out.push(random() * 1000);
  let t = 1000;
  for (let i = inBurst; i < users; i++) {
    t += exponential(random, 1000 / rate);
    out.push(t);
  }
  return out.sort((a, b) => a - b);
}
