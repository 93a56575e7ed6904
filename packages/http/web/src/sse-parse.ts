/** Server-Sent Events read with fetch (EventSource cannot send a bearer): the parts the pages share. */

/** Complete events in `buffer` (they end with a blank line) and the unfinished tail to keep for the next chunk. */
export function splitEvents(buffer: string): { blocks: string[]; rest: string } {
  const parts = buffer.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = parts.pop() ?? '';
  return { blocks: parts, rest };
}

/** One event's name and its JSON data; null for a comment, an event without data, or data that is not JSON. */
export function parseEventBlock(block: string): { event: string; data: unknown } | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}
