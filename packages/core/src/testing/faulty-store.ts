import { storeUnavailable } from '../shared/errors.js';
import type { BoxofficeStore } from '../shared/store.js';
import type { PortCall, PortName } from './intercept.js';
import { interceptStore } from './intercept.js';

/**
 * Which call fails. `at` counts mutating calls on `ports` made while the
 * store is armed, from 1. `before`: the call never reaches the store (the
 * request died first). `after`: the store applies it, then the answer is lost.
 */
export interface FaultPlan {
  readonly at: number;
  readonly mode?: 'before' | 'after';
  readonly ports?: readonly PortName[];
  /** Count only these methods (of `ports`). */
  readonly methods?: readonly string[];
  /** The process dies at the fault: every later call, of any port, fails too (none reaches the store). */
  readonly crash?: boolean;
}

export interface FaultLog {
  /** Mutating calls counted so far while armed. */
  calls: number;
  /** The call that was made to fail, once it has. */
  injected: PortCall | null;
  /** `port.method` of every counted call, in order. */
  readonly trace: string[];
}

export interface FaultyStore extends BoxofficeStore {
  readonly faults: FaultLog;
  /** Start counting (and failing) from now on. */
  arm(): void;
  disarm(): void;
}

const DEFAULT_PORTS: readonly PortName[] = ['queue', 'inventory', 'wallets', 'payments', 'refunds'];

/** A store that throws storeUnavailable at the plan's k-th mutating call; every other call passes through. */
export function faultyStore(store: BoxofficeStore, plan: FaultPlan): FaultyStore {
  const ports = plan.ports ?? DEFAULT_PORTS;
  const mode = plan.mode ?? 'before';
  const faults: FaultLog = { calls: 0, injected: null, trace: [] };
  let armed = false;
  const wrapped = interceptStore(store, async (call, run) => {
    if (armed && plan.crash && faults.injected) throw storeUnavailable(new Error(`the process died at ${faults.injected.port}.${faults.injected.method}`));
    if (!armed || !call.mutating || !ports.includes(call.port) || (plan.methods && !plan.methods.includes(call.method))) return run();
    faults.calls += 1;
    faults.trace.push(`${call.port}.${call.method}`);
    if (faults.calls !== plan.at) return run();
    faults.injected = call;
    const fault = storeUnavailable(new Error(`injected fault ${mode} ${call.port}.${call.method} (call ${plan.at})`));
    if (mode === 'before') throw fault;
    await run();
    throw fault;
  });
  return {
    ...wrapped,
    faults,
    arm: () => {
      armed = true;
    },
    disarm: () => {
      armed = false;
    },
  };
}

/** A store that stops `port.method` calls at a gate until released; to stage a stalled request beside another. */
export function gatedStore(store: BoxofficeStore, port: PortName, method: string) {
  let reached!: () => void;
  let open!: () => void;
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  const gate = new Promise<void>((resolve) => (open = resolve));
  let used = false;
  const wrapped = interceptStore(store, async (call, run) => {
    if (used || call.port !== port || call.method !== method) return run();
    used = true;
    reached();
    await gate;
    return run();
  });
  return { store: wrapped, arrived, release: () => open() };
}
