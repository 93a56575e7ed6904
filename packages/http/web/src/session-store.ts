/** What survives a reload of the tab: who is signed in and their queue token. */
export interface Saved {
  /** The name as typed, for display. */
  name: string;
  userId: string;
  bearer: string;
  queueToken: string | null;
  /** The sale of the queue token; null for the host's default sale. */
  saleId: string | null;
  /** The token entered before the sale opened: its first place was drawn. */
  preQueue: boolean;
  /** The place in line when the token was first seen, for the progress bar. */
  firstPosition: number | null;
  /** An open hold, so a reload can still pay for it. */
  holdId: string | null;
  /** The sale whose waiting list the user is on, so a reload follows it. */
  waitlistSaleId: string | null;
}

const KEY = 'boxoffice.session';

export function load(): Saved | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Saved>;
    if (typeof s.userId !== 'string' || typeof s.bearer !== 'string') return null;
    return {
      name: typeof s.name === 'string' ? s.name : s.userId,
      userId: s.userId,
      bearer: s.bearer,
      queueToken: typeof s.queueToken === 'string' ? s.queueToken : null,
      saleId: typeof s.saleId === 'string' ? s.saleId : null,
      preQueue: s.preQueue === true,
      firstPosition: typeof s.firstPosition === 'number' ? s.firstPosition : null,
      holdId: typeof s.holdId === 'string' ? s.holdId : null,
      waitlistSaleId: typeof s.waitlistSaleId === 'string' ? s.waitlistSaleId : null,
    };
  } catch {
    return null;
  }
}

export function save(s: Saved | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the page still works, it just forgets on reload.
  }
}

/** The `sub` of a JWT, for showing who a pasted token belongs to; the server is the one that checks it. */
export function subjectOf(jwt: string): string | null {
  const part = jwt.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The demo user id for a typed name. The host accepts 1-64 of `A-Za-z0-9_.@-`, so other
 * characters become `-`; a name with no such letters at all (한글, say) is spelled in hex.
 * The same name always gives the same id, so signing in again finds the same wallet.
 */
export function userIdFor(name: string): string {
  const trimmed = name.trim();
  const slug = trimmed
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  if (/[A-Za-z0-9]/.test(slug)) return slug;
  const hex = Array.from(new TextEncoder().encode(trimmed), (b) => b.toString(16).padStart(2, '0')).join('');
  return `u-${hex}`.slice(0, 64);
}
