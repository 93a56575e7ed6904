// Plain-words formatting for amounts, waits, dates and countdowns.

const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 });

export function formatMoney(amount: number): string {
  return money.format(amount);
}

/** "about 2 minutes", "less than a minute", "about 45 seconds". */
export function formatWait(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  if (seconds <= 0) return 'any moment now';
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} min` : ''}`;
}

/** "4:05" for a countdown. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** "4 minutes 5 seconds" for screen readers. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || !m) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

const dateFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: string | number): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFmt.format(d);
}

const timeFmt = new Intl.DateTimeFormat('en', { timeStyle: 'short' });

/** "8:00 PM". */
export function formatTime(value: string | number): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : timeFmt.format(d);
}
const dayFmt = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

/** A ledger time: "3:32 PM" today, "Nov 24" before. */
export function formatWhen(value: string | number, now = new Date()): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toDateString() === now.toDateString() ? timeFmt.format(d) : dayFmt.format(d);
}

export function seatList(seats: readonly number[]): string {
  const s = [...seats].sort((a, b) => a - b);
  if (s.length <= 1) return `seat ${s.join('')}`;
  return `seats ${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}`;
}
