import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseStrictJson } from '../src/strict-json.js';

const depthOf = (v: unknown): number =>
  v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf)) : 0;

describe('parseStrictJson', () => {
  it('agrees with JSON.parse on any JSON it accepts (no duplicate keys, bounded depth, well-formed strings)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(parseStrictJson(text, 'body')).toEqual(JSON.parse(text));
      }),
    );
  });

  it('finds a duplicate key wherever it is, however its quotes and backslashes are escaped', () => {
    const key = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u00e9', '\n', '}', '[', ','), maxLength: 6 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), key, fc.jsonValue({ maxDepth: 2 }), (around, k, v) => {
        const dup = `{${JSON.stringify(k)}:${JSON.stringify(v)},"other":1,${JSON.stringify(k)}:${JSON.stringify(v)}}`;
        const text = `[${JSON.stringify(around)},${dup}]`;
        expect(() => parseStrictJson(text, 'body')).toThrow(/appears twice/);
      }),
    );
  });

  it('bounds depth, whatever the mix of arrays and objects', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: MAX_JSON_DEPTH + 1, maxLength: MAX_JSON_DEPTH + 5 }), (kinds) => {
        const nest = (levels: boolean[]) => levels.reduce((inner, object) => (object ? `{"k":${inner}}` : `[${inner}]`), '1');
        const text = nest(kinds);
        expect(depthOf(JSON.parse(text))).toBe(kinds.length);
        expect(() => parseStrictJson(text, 'body')).toThrow(/nests deeper than 32/);
        expect(() => parseStrictJson(nest(kinds.slice(0, MAX_JSON_DEPTH)), 'body')).not.toThrow();
      }),
    );
  });

  it('malformed text is still "not valid JSON"', () => {
    for (const text of ['{"a":1', '{"a" 1}', '"\\', '[1,]', '{"a":"\\q"}']) expect(() => parseStrictJson(text, 'body')).toThrow(/not valid JSON/);
  });
});
