import { DomainError } from '@boxoffice/core';
import type { Context } from 'koa';
import { HttpError } from './problem.js';
import { parseStrictJson } from './strict-json.js';

export const MAX_BODY_BYTES = 16 * 1024;
/** A whole concert an operator publishes (PUT /v1/admin/concerts/{id}): thousands of seats. */
export const MAX_CATALOG_BODY_BYTES = 1024 * 1024;
/** A body must arrive whole within this; a client that trickles it in holds a socket and a request slot. */
export const DEFAULT_BODY_TIMEOUT_MS = 5_000;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The client closed the connection before its body arrived: nobody is left to answer. */
export class ClientGone extends Error {
  override readonly name = 'ClientGone';
}

/** GET, HEAD, DELETE and OPTIONS bodies are never read. */
export function mayHaveBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'DELETE' && method !== 'OPTIONS';
}

/**
 * Reads and parses a JSON body before anything else looks at it: over
 * 16 KiB is 413, another content type or charset is 415, a body still
 * arriving after `timeoutMs` is 408, and bytes that are not UTF-8 or JSON
 * that is malformed, nested too deep, has duplicate keys or strings that are
 * not well-formed Unicode are validation_failed. An empty body leaves
 * `ctx.request.body` undefined.
 */
export async function readJsonBody(ctx: Context, timeoutMs = DEFAULT_BODY_TIMEOUT_MS, maxBytes = MAX_BODY_BYTES): Promise<void> {
  const length = ctx.get('content-length');
  const chunked = ctx.get('transfer-encoding') !== '';
  if (length !== '' && Number(length) > maxBytes) throw tooLarge(maxBytes);
  if ((length === '' || Number(length) === 0) && !chunked) return;
  const type = ctx.get('content-type');
  if (!JSON_TYPE.test(type)) {
    throw new HttpError('unsupported_media_type', `Send the body as application/json, not ${type === '' ? 'an unlabelled body' : JSON.stringify(type)}.`);
  }
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError('unsupported_media_type', `Send the body as UTF-8 JSON, not charset ${JSON.stringify(charset)}.`);
  }
  const bytes = await readBytes(ctx, timeoutMs, maxBytes);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new DomainError('validation_failed', 'The body is not valid UTF-8.');
  }
  if (text.trim() === '') return;
  ctx.request.body = parseStrictJson(text, 'body');
}

/** The raw body, at most `maxBytes`, within `timeoutMs`. */
function readBytes(ctx: Context, timeoutMs: number, maxBytes: number): Promise<Buffer> {
  const req = ctx.req;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      cleanup();
      // Stop reading: the answer says Connection: close, so the rest is never parsed.
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onGone = () => fail(new ClientGone('The client closed the connection while sending its body.'));
    const timer = setTimeout(
      () => fail(new HttpError('request_timeout', `The body did not arrive within ${timeoutMs} ms.`, { limitMs: timeoutMs })),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError('payload_too_large', `Bodies are at most ${limit} bytes.`, { limit });
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
