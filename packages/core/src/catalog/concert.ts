import { DomainError } from '../shared/errors.js';
import { SAFE_ID } from '../shared/ids.js';

export interface SeatPrimitives {
  readonly number: number;
  readonly price: number;
  readonly grade: string | null;
}

export interface SchedulePrimitives {
  readonly id: string;
  readonly concertId: string;
  /** ISO 8601 start time. */
  readonly startsAt: string;
  readonly seats: readonly SeatPrimitives[];
}

export interface ConcertPrimitives {
  readonly id: string;
  readonly name: string;
  readonly venue: string | null;
  readonly schedules: readonly SchedulePrimitives[];
}

export interface ConcertSummary {
  readonly id: string;
  readonly name: string;
  readonly venue: string | null;
}

export interface ScheduleSummary {
  readonly id: string;
  readonly concertId: string;
  readonly startsAt: string;
  readonly totalSeats: number;
  readonly availableSeats: number;
}

/**
 * The size of a concert, so every list and text the API answers has a bound a client can rely on
 * (and the OpenAPI document states): generous for a real venue, small enough to hold in one answer.
 */
export const CATALOG_LIMITS = { name: 200, venue: 200, grade: 64, schedules: 1_000, seats: 10_000 } as const;

/** Checks a concert before it is stored; a bad catalog file fails here with the path of the fault. */
export function validateConcert(input: unknown, where = 'concert'): ConcertPrimitives {
  const fail = (path: string, message: string): never => {
    throw new DomainError('validation_failed', `${where}${path}: ${message}`, { path: `${where}${path}` });
  };
  if (typeof input !== 'object' || input === null) return fail('', 'must be an object');
  const c = input as Record<string, unknown>;
  if (typeof c.id !== 'string' || !SAFE_ID.test(c.id)) fail('.id', 'must be 1-64 letters, digits, _ or -');
  const { name, venue, grade, schedules: maxSchedules, seats: maxSeats } = CATALOG_LIMITS;
  if (typeof c.name !== 'string' || c.name.length === 0 || c.name.length > name) fail('.name', `must be a string of 1-${name} characters`);
  if (c.venue !== undefined && c.venue !== null && (typeof c.venue !== 'string' || c.venue.length > venue)) {
    fail('.venue', `must be a string of at most ${venue} characters`);
  }
  if (!Array.isArray(c.schedules)) return fail('.schedules', 'must be an array');
  if (c.schedules.length > maxSchedules) fail('.schedules', `must hold at most ${maxSchedules} dates`);
  const schedules = (c.schedules as unknown[]).map((raw, i): SchedulePrimitives => {
    const at = `.schedules[${i}]`;
    if (typeof raw !== 'object' || raw === null) return fail(at, 'must be an object');
    const s = raw as Record<string, unknown>;
    if (typeof s.id !== 'string' || !SAFE_ID.test(s.id)) fail(`${at}.id`, 'must be 1-64 letters, digits, _ or -');
    if (typeof s.startsAt !== 'string' || Number.isNaN(Date.parse(s.startsAt))) fail(`${at}.startsAt`, 'must be an ISO date');
    if (!Array.isArray(s.seats) || s.seats.length === 0) return fail(`${at}.seats`, 'must be a non-empty array');
    if (s.seats.length > maxSeats) fail(`${at}.seats`, `must hold at most ${maxSeats} seats`);
    const numbers = new Set<number>();
    const seats = (s.seats as unknown[]).map((seatRaw, j): SeatPrimitives => {
      const sat = `${at}.seats[${j}]`;
      if (typeof seatRaw !== 'object' || seatRaw === null) return fail(sat, 'must be an object');
      const seat = seatRaw as Record<string, unknown>;
      if (!Number.isSafeInteger(seat.number) || (seat.number as number) <= 0) fail(`${sat}.number`, 'must be a positive integer');
      if (numbers.has(seat.number as number)) fail(`${sat}.number`, `duplicate seat ${String(seat.number)}`);
      numbers.add(seat.number as number);
      if (!Number.isSafeInteger(seat.price) || (seat.price as number) < 0) fail(`${sat}.price`, 'must be a non-negative integer');
      if (seat.grade !== undefined && seat.grade !== null && typeof seat.grade !== 'string') fail(`${sat}.grade`, 'must be a string');
      if (typeof seat.grade === 'string' && seat.grade.length > grade) fail(`${sat}.grade`, `must be a string of at most ${grade} characters`);
      return { number: seat.number as number, price: seat.price as number, grade: (seat.grade as string | undefined) ?? null };
    });
    return { id: s.id as string, concertId: c.id as string, startsAt: new Date(s.startsAt as string).toISOString(), seats };
  });
  return { id: c.id as string, name: c.name as string, venue: (c.venue as string | undefined) ?? null, schedules };
}
