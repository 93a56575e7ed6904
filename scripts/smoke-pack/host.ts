// ESM consumer of @boxoffice/http and the two server adapters, as installed from their tarballs: the host's
// public types compile with --strict and no skipLibCheck, and the packed host serves its API, page and docs.
import { createApp, startServer, type RunningServer } from '@boxoffice/http';
import { createRedisStore, type RedisStoreOptions } from '@boxoffice/adapter-redis';
import { createMongoStore, type MongoStoreOptions } from '@boxoffice/adapter-mongodb';

// Types only: a smoke test needs no Redis or MongoDB server.
const redisOptions: RedisStoreOptions | undefined = undefined;
const mongoOptions: MongoStoreOptions | undefined = undefined;
if (typeof createRedisStore !== 'function' || typeof createMongoStore !== 'function' || typeof createApp !== 'function') {
  throw new Error('an adapter or createApp is missing from the packed exports');
}
void redisOptions;
void mongoOptions;

const host: RunningServer = await startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent' });
try {
  for (const [path, expected] of [['/healthz', 'application/json'], ['/', 'text/html'], ['/docs', 'text/html'], ['/docs/swagger-ui-bundle.js', 'text/javascript']] as const) {
    const res = await fetch(`${host.url}${path}`);
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !type.startsWith(expected)) throw new Error(`GET ${path}: ${res.status} ${type}`);
    await res.arrayBuffer();
  }
  const page = await (await fetch(`${host.url}/`)).text();
  if (!page.includes('Get in line for tickets')) throw new Error('GET /: the packed page is not the built waiting room');
  console.log(`host: the packed @boxoffice/http served /healthz, the page and /docs on ${host.url}`);
} finally {
  await host.close();
}
