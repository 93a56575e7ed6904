import { afterAll, describe, expect, it } from 'vitest';
import { clusterToolsPresent } from './cluster-harness.js';
import { startRedis, startReplica } from './private-server.js';
import type { PrivateRedis } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';
import { LEFT_TO_SINGLE, registerSuites, storeFactory } from './suites.js';

// The conformance kit and the queue property suite on a private master with one replica, WAIT 1 after every
// waited step (the pipelined path of scripts.ts and replication.ts): every port keeps its contract there too.

const tools = await clusterToolsPresent();
let servers: PrivateRedis[] = [];
let startError: unknown = null;
if (tools) {
  try {
    const master = await startRedis();
    servers = [master, await startReplica(master)];
  } catch (error) {
    startError = error;
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
  }
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});
const why = !tools ? 'redis-server is not on the PATH' : startError ? `the servers did not start: ${String(startError)}` : '';

if (servers.length > 0) {
  const url = servers[0]!.url;
  registerSuites('redis, WAIT 1', storeFactory('wait', () => ({ url, minReplicas: 1 })), 30, LEFT_TO_SINGLE);
} else {
  explainSkip('conformance-replicated.test.ts', why);
  describe.runIf(REQUIRE_REDIS)('redis conformance with WAIT (required)', () => {
    it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but ${why}`);
    });
  });
}
