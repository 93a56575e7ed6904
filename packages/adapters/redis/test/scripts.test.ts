import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScripts, shake } from '../src/scripts.js';

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

describe('the include step keeps only the library functions a script calls', () => {
  const lib = (body: string) => ['--@lib>', body, '--@lib<'].join('\n');

  it('drops what nothing calls, keeps what the body calls and what those call in turn', () => {
    const lua = [
      lib(['local SHARED = {}', 'local function a() return 1 end', 'local function b()', '  return a() + 1', 'end', 'local function c() return 3 end', '-- c() is only named here'].join('\n')),
      'return b()',
    ].join('\n');
    const out = shake(lua);
    expect(out).toContain('local function a()');
    expect(out).toContain('local function b()');
    expect(out).not.toContain('local function c()');
    // Every other line stays, comments and shared locals included; the markers go.
    expect(out).toContain('local SHARED = {}');
    expect(out).toContain('-- c() is only named here');
    expect(out).not.toContain('--@lib');
    expect(out.endsWith('return b()')).toBe(true);
  });

  it('keeps a function that top-level lines of the library use', () => {
    expect(shake(lib(['local function f() return 1 end', 'local X = f()'].join('\n')) + '\nreturn X')).toContain('local function f()');
  });

  it('never drops what the script itself defines', () => {
    const own = 'local function mine() return 1 end\nreturn 0';
    expect(shake(own)).toBe(own);
  });

  it('refuses a body it cannot read, rather than guess where it ends', () => {
    expect(() => shake(lib(['local function f()', '  local x = 1', 'x = 2', 'end'].join('\n')) + '\nreturn f()')).toThrow(/cannot read the body of f/);
    expect(() => shake(['--@lib>', 'local function f()', '  return 1'].join('\n'))).toThrow(/no end/);
  });

  it('leaves no script calling a library function it dropped', () => {
    const dir = new URL('../scripts/', import.meta.url);
    const source = (name: string) => readFileSync(new URL(name, dir), 'utf8');
    // The functions of every library a script includes, through nested includes too.
    const libraryOf = (text: string, into = new Set<string>()): Set<string> => {
      for (const [, name] of text.matchAll(/^-- @include ([a-z-]+)$/gm)) {
        const lib = source(`${name!}.lua`);
        for (const m of lib.matchAll(/^local function ([A-Za-z_]\w*)\(/gm)) into.add(m[1]!);
        libraryOf(lib, into);
      }
      return into;
    };
    let shaken = 0;
    for (const script of loadScripts().values()) {
      const library = libraryOf(source(`${script.name}-${script.numberOfKeys}.lua`));
      const defined = new Set([...script.lua.matchAll(/^local function ([A-Za-z_]\w*)\(/gm)].map((m) => m[1]!));
      const named = new Set(script.lua.replace(/--.*$/gm, '').match(/[A-Za-z_]\w*/g) ?? []);
      for (const name of library) if (named.has(name)) expect(defined, `${script.name} calls ${name}`).toContain(name);
      if ([...library].some((name) => !defined.has(name))) shaken += 1;
    }
    // The queue scripts, which include the record library, are what the step is for.
    expect(shaken).toBeGreaterThan(10);
    expect((loadScripts().get('queue-status')!.lua.match(/^local function /gm) ?? []).length).toBeLessThan(30);
  });
});
