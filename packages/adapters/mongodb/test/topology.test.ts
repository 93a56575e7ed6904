import { describe, expect, it } from 'vitest';
import { idempotencyId } from '../src/documents/idempotency.js';
import { dbNameFromUrl, topologyFromHello } from '../src/topology.js';

describe('connection helpers', () => {
  it('idempotency ids keep scope and key apart', () => {
    expect(idempotencyId('a', 'b:c')).not.toBe(idempotencyId('a:b', 'c'));
  });

  it('the database comes from the URL path when there is one', () => {
    expect(dbNameFromUrl('mongodb://localhost:27017/shop?replicaSet=rs0')).toBe('shop');
    expect(dbNameFromUrl('mongodb+srv://u:p@cluster.example.net/sales')).toBe('sales');
    expect(dbNameFromUrl('mongodb://h1:1,h2:2/?replicaSet=rs0')).toBeNull();
    expect(dbNameFromUrl('mongodb://localhost')).toBeNull();
  });

  it('hello tells a replica set or mongos (transactions) from a standalone server', () => {
    expect(topologyFromHello({ isWritablePrimary: true, setName: 'rs0' })).toEqual({ transactions: true, description: 'replica set rs0' });
    expect(topologyFromHello({ isWritablePrimary: true, msg: 'isdbgrid' }).transactions).toBe(true);
    expect(topologyFromHello({ isWritablePrimary: true, maxWireVersion: 21 })).toEqual({ transactions: false, description: 'standalone server' });
  });
});
