import fc from 'fast-check';
import { createBoxoffice } from '../../boxoffice.js';
import { drawKeys } from '../../sale/draw.js';
import { KIT_EPOCH, ManualClock } from '../clock.js';
import { SequenceIds } from '../ids.js';
import { QueueModel } from '../queue-model.js';
import { AdvanceCommand } from './advance-command.js';
import { CompleteCommand } from './complete-command.js';
import { EnterCommand } from './enter-command.js';
import { LeaveCommand } from './leave-command.js';
import { LinePollCommand } from './line-poll-command.js';
import { ModeCommand } from './mode-command.js';
import { RequireActiveCommand } from './require-active-command.js';
import { SealCommand } from './seal-command.js';
import type { QueuePropertyTarget } from './run-config.js';
import { boxofficeConfig, createRunSales, freshRunTag, limitsOf, QUEUES_PER_RUN, runConfigArb, USERS, WINDOW_MS } from './run-config.js';
import type { SeqCommand } from './sequential-context.js';
import { StatusCommand } from './status-command.js';
import { TickCommand } from './tick-command.js';
import { QueueWatch } from './watch.js';

const queueIndexArb = fc.integer({ min: 0, max: QUEUES_PER_RUN - 1 });
const userArb = fc.constantFrom(...USERS);

const seqCommandArbs: fc.Arbitrary<SeqCommand>[] = [
  fc.tuple(queueIndexArb, userArb).map(([q, u]) => new EnterCommand(q, u)),
  fc.tuple(queueIndexArb, userArb).map(([q, u]) => new EnterCommand(q, u)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.boolean()).map(([q, i, own]) => new StatusCommand(q, i, own)),
  // Core's lean poll: a place by seq, with the owner's heartbeat (a no-op for a store without places by seq).
  fc.tuple(queueIndexArb, fc.nat(20), fc.boolean()).map(([q, i, own]) => new LinePollCommand(q, i, own)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })).map(
    ([q, i, own]) => new LeaveCommand(q, i, own),
  ),
  fc.tuple(queueIndexArb, fc.nat(20)).map(([q, i]) => new CompleteCommand(q, i)),
  fc.tuple(queueIndexArb, fc.nat(20)).map(([q, i]) => new CompleteCommand(q, i)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.boolean()).map(([q, i, own]) => new RequireActiveCommand(q, i, own)),
  queueIndexArb.map((q) => new TickCommand(q)),
  queueIndexArb.map((q) => new TickCommand(q)),
  fc
    .oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 2_000, max: 20_000 }), fc.integer({ min: 55_000, max: 65_000 }))
    .map((ms) => new AdvanceCommand({ ms })),
  fc.constantFrom(-1 as const, 0 as const, 1 as const).map((d) => new AdvanceCommand({ toDeadline: d })),
  fc.tuple(queueIndexArb, fc.constantFrom('sold_out' as const, 'closed' as const)).map(([q, reason]) => new SealCommand(q, reason)),
  // The operator's pause and resume (issue 13), twice each: a pause must outlast an idle timeout to show anything.
  queueIndexArb.map((q) => new ModeCommand(q, 'paused')),
  queueIndexArb.map((q) => new ModeCommand(q, 'paused')),
  queueIndexArb.map((q) => new ModeCommand(q, 'queue')),
  queueIndexArb.map((q) => new ModeCommand(q, 'queue')),
];

/**
 * The sequential model-based property, for fc.assert (suite) or fc.check (self-tests): random
 * command sequences against the real Boxoffice and the plain model, over two sales of one run
 * (one with a pre-queue); after each command the store keeps every invariant and agrees with the model.
 */
export function queueModelProperty(target: QueuePropertyTarget, maxCommands = 50) {
  return fc.asyncProperty(runConfigArb, fc.commands(seqCommandArbs, { maxCommands, size: 'max' }), async (config, cmds) => {
    if (target.reset) await target.reset();
    const tag = freshRunTag();
    const clock = new ManualClock(KIT_EPOCH);
    const bo = createBoxoffice({ store: target.store, clock, ids: new SequenceIds(tag), config: boxofficeConfig(config) });
    const { queueIds, opensAt, seeds } = await createRunSales(bo, tag, config);
    const rule = (i: number) => ({
      maxActive: config.maxActive,
      admitPerMinute: config.admitPerMinute,
      sessionTtlMs: config.sessionTtl * 1000,
      idleTimeoutMs: config.idleTimeout * 1000,
      windowMs: WINDOW_MS,
      opensAt: opensAt[i]!,
      drawKey: drawKeys(seeds[i]!),
    });
    await fc.asyncModelRun(
      () => ({
        model: { queues: queueIds.map((_, i) => new QueueModel(rule(i))) },
        real: { bo, queue: target.store.queue, clock, queueIds, watches: queueIds.map((id, i) => new QueueWatch(target.store.queue, id, limitsOf(config, opensAt[i]!))) },
      }),
      cmds,
    );
  });
}
