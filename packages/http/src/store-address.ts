import { createConnection } from 'node:net';
import { redisDatabase, type Settings } from './config.js';

/** Where the store lives, for log lines: hosts, ports and database, never a user name or password. */
export interface StoreAddress {
  readonly kind: 'memory' | 'Redis' | 'Redis Cluster' | 'MongoDB';
  /** `host:port`, `host:port/db` or `seed,seed`; empty for memory. */
  readonly address: string;
  /** The first host and port tried, for a reachability probe. */
  readonly first?: { readonly host: string; readonly port: number };
}

export function storeAddress(settings: Settings): StoreAddress {
  switch (settings.store) {
    case 'memory':
      return { kind: 'memory', address: '' };
    case 'redis': {
      if (settings.redisClusterNodes) {
        const [host = '', port = '6379'] = (settings.redisClusterNodes[0] ?? '').split(/:(?=\d+$)/);
        return { kind: 'Redis Cluster', address: settings.redisClusterNodes.join(','), first: { host, port: Number(port) } };
      }
      const u = new URL(settings.redisUrl ?? 'redis://127.0.0.1:6379');
      const port = Number(u.port || 6379);
      return { kind: 'Redis', address: `${u.hostname}:${port}/${redisDatabase(u.href)}`, first: { host: u.hostname, port } };
    }
    case 'mongodb': {
      // The host list of a mongodb:// URL may name several hosts, which URL() does not parse.
      const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(settings.mongodbUrl ?? '')?.[1] ?? '';
      const [host = '', port = '27017'] = (hosts.split(',')[0] ?? '').split(/:(?=\d+$)/);
      return { kind: 'MongoDB', address: hosts, first: { host, port: Number(port) } };
    }
  }
}

/**
 * Why a TCP connection to host:port fails (ECONNREFUSED, ENOTFOUND, a
 * timeout), or null when the port answers: the driver's own retry loop keeps
 * its reason to itself, and "not ready in time" tells an operator nothing.
 */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
