// CommonJS consumer: tsc emits require() calls, which load the ESM-only packages through Node's require(esm)
// (Node 20.19 and later). A short flow on the memory store, and every package's entry point loads.
import core = require('@boxoffice/core');
import memory = require('@boxoffice/adapter-memory');
import redis = require('@boxoffice/adapter-redis');
import mongodb = require('@boxoffice/adapter-mongodb');
import http = require('@boxoffice/http');

async function main(): Promise<void> {
  const { createRedisStore } = redis;
  const { createMongoStore } = mongodb;
  const { startServer } = http;
  for (const [name, fn] of Object.entries({ createRedisStore, createMongoStore, startServer })) {
    if (typeof fn !== 'function') throw new Error(`require(): ${name} is not a function`);
  }
  const boxoffice = core.createBoxoffice({
    store: memory.createMemoryStore(),
    clock: new memory.SystemClock(),
    ids: new memory.CryptoIdGenerator(),
  });
  await boxoffice.catalog.publish(core.demoCatalog());
  const { status } = await boxoffice.queue.enter(core.DEFAULT_QUEUE, 'carol');
  console.log(`cjs: require() loaded all five packages; carol is ${status.state} at position ${status.position}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
