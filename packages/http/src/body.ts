import { DomainError } from '@boxoffice/core';
import type { Context } from 'koa';

export const MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** GET, HEAD, DELETE and OPTIONS bodies are never read. */
export function mayHaveBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'DELETE' && method !== 'OPTIONS';
}

/**
 * Reads and parses a JSON body before anything else looks at it: over
 * 16 KiB is 413, another content type is 415, malformed JSON is
 * validation_failed. An empty body leaves `ctx.request.body` undefined.
 */
export async function readJsonBody(ctx: Context): Promise<void> {
  const length = ctx.get('content-length');
  const chunked = ctx.get('transfer-encoding') !== '';
  if (length !== '' && Number(length) > MAX_BODY_BYTES) throw tooLarge();
  if ((length === '' || Number(length) === 0) && !chunked) return;
  const type = ctx.get('content-type');
  if (!JSON_TYPE.test(type)) {
    throw new DomainError('unsupported_media_type', `Send the body as application/json, not ${type === '' ? 'an unlabelled body' : JSON.stringify(type)}.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return;
  try {
    ctx.request.body = JSON.parse(text);
  } catch {
    throw new DomainError('validation_failed', 'The body is not valid JSON.');
  }
}

function tooLarge(): DomainError {
  return new DomainError('payload_too_large', `Bodies are at most ${MAX_BODY_BYTES} bytes.`, { limit: MAX_BODY_BYTES });
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
