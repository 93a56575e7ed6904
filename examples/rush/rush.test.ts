import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './src/options.js';
import { runRush } from './src/rush.js';
import { admittedPerMinute, formatTable, summaryRows } from './src/summary.js';
import { arrivals, seeded } from './src/random.js';
import { etaAccuracy, EtaWatch } from './src/eta.js';

describe('the rush simulation', () => {
  it('runs a tiny rush with a pre-queue against an in-process host; the audit passes and the estimate is measured', async () => {
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
      opensIn: 1,
      inProcess: true,
      progress: false,
    });
    expect(result.audit.checks.map((c) => [c.name, c.ok, c.detail]).filter(([, ok]) => !ok)).toEqual([]);
    expect(result.audit.ok).toBe(true);
    expect(result.tally.sales).toBeGreaterThan(0);
    expect(result.tally.seatsSold).toBeLessThanOrEqual(20);
    expect(result.tally.count5xx).toBe(0);
    expect(result.tally.networkErrors).toBe(0);
    expect(result.tally.preQueued).toBeGreaterThan(0);
    expect(result.tally.etaSamples.length).toBeGreaterThan(0);
    const table = formatTable(summaryRows(result));
    expect(table).toContain('audit');
    expect(table).toMatch(/wait estimate: median relative error +\| \d+\.\d% \(goal <= 25\.0%: (met|NOT met)\), over \d+ admitted users/);
  });

  it('scores the estimate: median and p90 of |estimate - actual| / actual, a sub-second wait counting as one second', () => {
    expect(etaAccuracy([]).samples).toBe(0);
    const a = etaAccuracy([
      { estimateS: 10, actualS: 10 },
      { estimateS: 12, actualS: 10 },
      { estimateS: 5, actualS: 10 },
      { estimateS: 13, actualS: 10 },
      { estimateS: 1, actualS: 0.2 },
    ]);
    expect(a).toMatchObject({ samples: 5, medianRelativeError: 0.2, p90RelativeError: 0.5, medianBias: 0 });
    const watch = new EtaWatch(60_000);
    expect(watch.see({ state: 'pre_queue', etaSeconds: null }, 0)).toBeNull();
    expect(watch.see({ state: 'waiting', etaSeconds: 30 }, 1000)).toBeNull();
    expect(watch.see({ state: 'waiting', etaSeconds: 20 }, 5000)).toBeNull();
    // Admitted at 26 s (activeUntil 86 s, sessions of 60 s): a 25 s wait from the first estimate, at 1 s.
    expect(watch.see({ state: 'active', activeUntil: new Date(86_000).toISOString() }, 40_000)).toEqual({ estimateS: 30, actualS: 25 });
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

describe('the bot cohort', () => {
  it('runs a tiny rush with bots: the defences refuse them and say which, people are never rate limited, the audit passes', async () => {
    const result = await runRush({
      ...DEFAULTS,
      users: 60,
      bots: 12,
      pow: 500,
      seats: 20,
      arrivalRate: 200,
      burst: 0.5,
      admitPerMinute: 6000,
      maxActive: 20,
      holdTtlSeconds: 2,
      maxSeconds: 15,
      opensIn: 1,
      inProcess: true,
      progress: false,
    });
    expect(result.audit.ok).toBe(true);
    expect(result.tally.bots).toBe(12);
    expect(result.tally.human429).toBe(0);
    // A third of the bots skip proof of work: each is refused at the door, three times.
    expect(result.tally.botRefusals.get('proof of work (pow_required)')).toBe(12);
    expect(result.tally.botsEntered).toBe(8);
    expect(result.tally.humanSeats + result.tally.botSeats).toBe(result.tally.seatsSold);
    const table = formatTable(summaryRows(result));
    expect(table).toMatch(/goal: people rate limited \(429\) +\| 0 \(met\)/);
    expect(table).toMatch(/goal: bots got no more than their share +\| (met|NOT met|not measured):? /);
  });
});
