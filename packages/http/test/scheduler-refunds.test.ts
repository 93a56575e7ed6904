import type { Boxoffice, SchedulerReport } from '@boxoffice/core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.js';
import { Scheduler } from '../src/scheduler.js';

// The scheduler logs and counts the refunds its tick's recovery sweep finished or failed, as it does payments.

describe('scheduler: recovered refunds', () => {
  it('logs the refunds the sweep finished and counts them, and each failure by code', async () => {
    const reports: SchedulerReport[] = [
      {
        queues: {},
        expiredHolds: [],
        recoveredPayments: { completed: [], aborted: [], failed: [] },
        recoveredRefunds: { completed: ['rf1', 'rf2'], failed: [{ refundId: 'rf3', code: 'store_unavailable', attempts: 1, retryInMs: 1000 }] },
        waitlists: {},
      },
      {
        queues: {},
        expiredHolds: [],
        recoveredPayments: { completed: [], aborted: [], failed: [] },
        recoveredRefunds: { completed: ['rf3'], failed: [] },
        waitlists: {},
      },
    ];
    const boxoffice = { tick: async () => reports.shift()! } as unknown as Boxoffice;
    const lines: Array<{ msg: string; completed?: string[]; refundId?: string; code?: string; attempts?: number }> = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const metrics = new Metrics(boxoffice);
    const scheduler = new Scheduler(boxoffice, 60_000, logger, metrics);
    await scheduler.tickNow();
    await scheduler.tickNow();
    expect(lines.filter((l) => l.msg === 'recovered half-done refunds').map((l) => l.completed)).toEqual([['rf1', 'rf2'], ['rf3']]);
    expect(lines.filter((l) => l.msg.startsWith('refund recovery failed')).map((l) => [l.refundId, l.code, l.attempts])).toEqual([['rf3', 'store_unavailable', 1]]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('boxoffice_refunds_recovered_total 3');
    expect(text).toContain('boxoffice_refund_recovery_failures_total{code="store_unavailable"} 1');
  });
});
