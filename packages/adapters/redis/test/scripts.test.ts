import { describe, expect, it } from 'vitest';
import { loadScripts } from '../src/scripts.js';

// Every script file is `name-<numKeys>.lua` with a header naming each KEYS[i], the ARGV and the returns.
// Runs without Redis.

describe('Lua script files', () => {
  const scripts = [...loadScripts().values()];

  it('are all found and registered under distinct commands', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(20);
    expect(new Set(scripts.map((s) => s.command)).size).toBe(scripts.length);
  });

  for (const script of scripts) {
    it(`${script.name}-${script.numberOfKeys}.lua has a KEYS/ARGV/returns header matching its key count`, () => {
      const header = script.lua
        .split('\n')
        .filter((line) => line.startsWith('--'))
        .join('\n');
      for (let i = 1; i <= script.numberOfKeys; i++) expect(header).toContain(`KEYS[${i}]`);
      expect(header).not.toContain(`KEYS[${script.numberOfKeys + 1}]`);
      expect(header).toMatch(/ARGV/);
      expect(header).toMatch(/returns/);
      // The body uses no key beyond the declared ones.
      const used = [...script.lua.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
      expect(Math.max(0, ...used)).toBeLessThanOrEqual(script.numberOfKeys);
      // Never Redis TIME: time comes from core's Clock through ARGV.
      expect(script.lua).not.toMatch(/'TIME'/);
    });
  }
});
