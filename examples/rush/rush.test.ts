import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './src/options.js';
import { runRush } from './src/rush.js';
import { admittedPerMinute, formatTable, summaryRows } from './src/summary.js';
import { arrivals, seeded } from './src/random.js';

describe('the rush simulation', () => {
  it('runs a tiny rush against an in-process host and the audit passes', async () => {
    const result = await runRush({
      ...DEFAULTS,
      users: 60,
      seats: 20,
      arrivalRate: 200,
      burst: 0.5,
      admitPerMinute: 6000,
      maxActive: 20,
      holdTtlSeconds: 2,
      abandon: 0.2,
      maxSeconds: 15,
      inProcess: true,
      progress: false,
    });
    expect(result.audit.checks.map((c) => [c.name, c.ok, c.detail]).filter(([, ok]) => !ok)).toEqual([]);
    expect(result.audit.ok).toBe(true);
    expect(result.tally.sales).toBeGreaterThan(0);
    expect(result.tally.seatsSold).toBeLessThanOrEqual(20);
    expect(result.tally.count5xx).toBe(0);
    expect(result.tally.networkErrors).toBe(0);
    expect(formatTable(summaryRows(result))).toContain('audit');
  });

  it('counts admissions in the busiest 60-second window', () => {
    expect(admittedPerMinute([])).toBe(0);
    expect(admittedPerMinute([0, 10, 59_999, 60_000, 61_000])).toBe(3);
    expect(admittedPerMinute([0, 1, 2, 120_000])).toBe(3);
  });

  it('lands the opening burst in the first second, then arrivals in order', () => {
    const times = arrivals(seeded(7), 100, 0.3, 50);
    expect(times).toHaveLength(100);
    expect(times.filter((t) => t < 1000).length).toBeGreaterThanOrEqual(30);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
