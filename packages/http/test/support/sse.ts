import { expect } from 'vitest';
import type { Client, TestHost } from './api.js';

export interface SseEvent {
  event: string;
  data: any;
}

/** Reads an event stream with fetch, as the web page does (EventSource cannot send a bearer). */
export function openStream(host: TestHost, client: Client, token: string, path = `/v1/queue/tokens/${token}/events`) {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const response = fetch(`${host.url}${path}`, {
    headers: { authorization: `Bearer ${client.bearer}` },
    signal: abort.signal,
  });
  const done = (async () => {
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.startsWith(':')) comments.push(block);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
    ended = true;
  })();
  return { events, comments, done, abort: () => abort.abort(), isEnded: () => ended };
}
