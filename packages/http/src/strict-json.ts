import { DomainError } from '@boxoffice/core';

/** Deep enough for any request this API takes; a bound so nothing downstream recurses without end. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** In a `u` regex a lone surrogate is the only thing this class can match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const invalid = (detail: string) => new DomainError('validation_failed', detail);

/**
 * JSON.parse with the checks it lacks: nesting at most MAX_JSON_DEPTH, no
 * duplicate keys in an object (`{"amount":-5,"amount":100}` is not "last one
 * wins"), and every string and key well-formed Unicode (a lone surrogate
 * would map to U+FFFD in a UTF-8 key and collide with another id).
 */
export function parseStrictJson(text: string, where: string): unknown {
  checkShape(text, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`The ${where} is not valid JSON.`);
  }
  checkStrings(value, where);
  return value;
}

/**
 * One pass over the text, before parsing: depth and duplicate keys. It trusts
 * JSON.parse to reject malformed text afterwards, so on bad input it only has
 * to stop, not to be right.
 */
function checkShape(text: string, where: string): void {
  // A Set of seen keys per open object, null per open array.
  const open: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return;
        }
        if (keys.has(key)) throw invalid(`${where}: the key ${JSON.stringify(key)} appears twice in one object.`);
        keys.add(key);
      }
      expectKey = false;
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      open.push(c === 0x7b ? new Set() : null);
      if (open.length > MAX_JSON_DEPTH) throw invalid(`${where}: JSON nests deeper than ${MAX_JSON_DEPTH} levels.`);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = open.length > 0 && open[open.length - 1] !== null;
    }
  }
}

/** The index of the quote that ends a string opened before `from` (text.length if none): one escaped has an odd run of backslashes before it. */
function closingQuote(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return text.length;
}

/** Depth is bounded by now, so plain recursion is safe. */
function checkStrings(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) throw invalid(`${where}: a string is not well-formed Unicode (a lone surrogate).`);
  } else if (Array.isArray(value)) {
    for (const item of value) checkStrings(item, where);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkStrings(key, where);
      checkStrings(item, where);
    }
  }
}

/** True when `s` has no lone surrogate; ids from anywhere (tokens, paths) must be. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
