import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The client address that per-address limits count: the socket's, or, when
 * `trustedProxies` proxies stand in front and each appends the address it saw
 * to X-Forwarded-For, the entry the outermost of them wrote (the n-th from the
 * right). Entries left of it are whatever the client sent, so never read them.
 * An IPv6 address counts as its /64: one subscriber gets a whole /64.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return addressKey(socket);
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const seen = hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : hops[0];
  return addressKey(seen !== undefined && isIP(seen) !== 0 ? seen : socket);
}

/** IPv4 as is (IPv4-mapped IPv6 unwrapped); IPv6 as its first four groups. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
