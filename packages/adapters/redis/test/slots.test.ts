import { describe, expect, it } from 'vitest';
import { keySlot, SLOTS, tagForSlot } from '../src/slots.js';

describe('Redis Cluster slots', () => {
  it('hash keys as Redis does (values from cluster-key-slot, which ioredis routes by)', () => {
    expect(keySlot('bo:{q:abc}:events')).toBe(11843);
    expect(keySlot('{u:alice}')).toBe(5797);
    expect(keySlot('foo')).toBe(12182);
    // An empty tag does not count: the whole key is hashed.
    expect(keySlot('{}foo')).not.toBe(keySlot('foo'));
    expect(keySlot('ix0')).toBe(12889);
  });

  it('has a tag in every slot, so a stream index can sit beside any stream', () => {
    for (let slot = 0; slot < SLOTS; slot++) expect(keySlot(`p:{${tagForSlot(slot)}}:evindex`)).toBe(slot);
  });
});
