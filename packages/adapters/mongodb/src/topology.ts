import type { Document } from 'mongodb';

/* What the connection string and the server's `hello` say. */

/** The database named in a connection string's path, if any. */
export function dbNameFromUrl(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? null : name;
}

export interface Topology {
  /** Replica set or mongos: multi-document transactions are available. */
  readonly transactions: boolean;
  readonly description: string;
}

/** Reads the `hello` answer: a replica set member reports setName, a mongos reports msg 'isdbgrid'. */
export function topologyFromHello(hello: Document): Topology {
  if (hello.msg === 'isdbgrid') return { transactions: true, description: 'sharded cluster (mongos)' };
  if (typeof hello.setName === 'string') return { transactions: true, description: `replica set ${hello.setName}` };
  return { transactions: false, description: 'standalone server' };
}
