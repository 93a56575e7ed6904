import { isDomainError } from '@boxoffice/core';
import type { ClientSession, MongoClient, TransactionOptions } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WTIMEOUT_MS, READ_BACK, resolveConcerns } from '../src/concerns.js';
import { Steps } from '../src/context.js';
import { createMongoStore, transactionOptions } from '../src/mongo-store.js';

// Which concerns a store runs with, and what the transaction runner hands the driver's session.

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isDomainError(error, 'validation_failed') ? error : null;
  }
  return null;
};

describe('write and read concerns', () => {
  it('default to majority both ways, with a write concern timeout so a write without a majority fails', () => {
    expect(resolveConcerns({})).toEqual({ writeConcern: { w: 'majority', wtimeoutMS: DEFAULT_WTIMEOUT_MS }, readConcern: 'majority' });
    expect(resolveConcerns({ writeConcern: { wtimeoutMS: 2500, journal: true } }).writeConcern).toEqual({
      w: 'majority',
      wtimeoutMS: 2500,
      journal: true,
    });
  });

  it('refuse a write concern weaker than majority reads, and w: 0 always', () => {
    for (const w of [1, 2] as const) expect(refused(() => resolveConcerns({ writeConcern: { w } }))).not.toBeNull();
    expect(refused(() => resolveConcerns({ writeConcern: { w: 1 }, readConcern: 'linearizable' }))).not.toBeNull();
    expect(refused(() => resolveConcerns({ writeConcern: { w: 0 }, readConcern: 'local' }))).not.toBeNull();
    expect(refused(() => resolveConcerns({ writeConcern: { wtimeoutMS: 0 } }))).not.toBeNull();
    // Local reads see the node's own writes: w: 1 is consistent with them.
    expect(resolveConcerns({ writeConcern: { w: 1 }, readConcern: 'local' }).writeConcern.w).toBe(1);
  });

  it('createMongoStore refuses them before it connects (no server is asked)', async () => {
    const started = Date.now();
    const error = await createMongoStore({ url: 'mongodb://127.0.0.1:1/x?serverSelectionTimeoutMS=5000', writeConcern: { w: 1 }, log: () => undefined }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error, 'validation_failed')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a read-back after a refused write uses read concern local (sees the rival write a majority read could miss)', () => {
    expect(READ_BACK).toEqual({ readConcern: { level: 'local' } });
  });
});

describe('the transaction runner', () => {
  /** A client and session double that record what they are given; no server, no driver internals. */
  function recordingClient() {
    const given: TransactionOptions[] = [];
    const session = {
      withTransaction: async <T>(fn: (s: ClientSession) => Promise<T>, options: TransactionOptions) => {
        given.push(options);
        return fn(session as unknown as ClientSession);
      },
    };
    const client = { withSession: async <T>(fn: (s: ClientSession) => Promise<T>) => fn(session as unknown as ClientSession) };
    return { client: client as unknown as MongoClient, given, session };
  }

  it('runs the body in a transaction with snapshot reads, the store\'s write concern and a bounded commit', async () => {
    const { client, given, session } = recordingClient();
    const wc = resolveConcerns({ writeConcern: { wtimeoutMS: 4000 } }).writeConcern;
    const seen: unknown[] = [];
    await new Steps(client, true, transactionOptions(wc)).run(async (s) => seen.push(s));
    expect(seen).toEqual([session]);
    expect(given).toEqual([
      { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority', wtimeoutMS: 4000 }, readPreference: 'primary', maxCommitTimeMS: 4000 },
    ]);
  });

  it('without transactions the body runs once with no session', async () => {
    const { client, given } = recordingClient();
    const seen: unknown[] = [];
    await new Steps(client, false, transactionOptions(resolveConcerns({}).writeConcern)).run(async (s) => seen.push(s));
    expect(seen).toEqual([undefined]);
    expect(given).toEqual([]);
  });
});
