import { CATALOG_LIMITS, DomainError, demoCatalog, validateConcert, type ConcertPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';

/** A valid concert as plain JSON, fresh for each test so a test can break one field of it. */
function good(): Record<string, unknown> {
  return {
    id: 'aurora-live',
    name: 'Aurora Live',
    venue: 'Olympic Hall',
    schedules: [
      {
        id: 'aurora-1',
        startsAt: '2027-03-14T19:00:00+09:00',
        seats: [
          { number: 1, price: 150_000, grade: 'VIP' },
          { number: 2, price: 0, grade: null },
          { number: 3, price: 80_000 },
        ],
      },
      { id: 'aurora-2', startsAt: '2027-03-15T10:00:00.000Z', seats: [{ number: 7, price: 1, grade: 'S' }] },
    ],
  };
}

type Json = Record<string, unknown>;
const schedule = (c: Json, i: number): Json => (c.schedules as Json[])[i]!;
const seat = (c: Json, i: number, j: number): Json => (schedule(c, i).seats as Json[])[j]!;

/** Validates `input` expecting validation_failed; returns the error for its path and message. */
function rejection(input: unknown, where?: string): DomainError {
  try {
    if (where === undefined) validateConcert(input);
    else validateConcert(input, where);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return error as DomainError;
  }
  throw new Error('expected validateConcert to throw');
}

/** Expects a rejection at `path` (with the default "concert" prefix) saying `message`. */
function expectFault(input: unknown, path: string, message: string): void {
  const error = rejection(input);
  expect(error.details).toEqual({ path: `concert${path}` });
  expect(error.message).toBe(`concert${path}: ${message}`);
}

describe('validateConcert: a valid concert', () => {
  it('comes back normalised: ISO UTC start times, concertId filled in, missing grade as null', () => {
    const result: ConcertPrimitives = validateConcert(good());
    expect(result).toEqual({
      id: 'aurora-live',
      name: 'Aurora Live',
      venue: 'Olympic Hall',
      schedules: [
        {
          id: 'aurora-1',
          concertId: 'aurora-live',
          startsAt: '2027-03-14T10:00:00.000Z',
          seats: [
            { number: 1, price: 150_000, grade: 'VIP' },
            { number: 2, price: 0, grade: null },
            { number: 3, price: 80_000, grade: null },
          ],
        },
        { id: 'aurora-2', concertId: 'aurora-live', startsAt: '2027-03-15T10:00:00.000Z', seats: [{ number: 7, price: 1, grade: 'S' }] },
      ],
    });
  });

  it('reads a missing or null venue as null', () => {
    const noVenue = good();
    delete noVenue.venue;
    expect(validateConcert(noVenue).venue).toBeNull();
    expect(validateConcert({ ...good(), venue: null }).venue).toBeNull();
    expect(validateConcert({ ...good(), venue: '' }).venue).toBe('');
  });

  it('accepts a concert with no schedules', () => {
    expect(validateConcert({ ...good(), schedules: [] }).schedules).toEqual([]);
  });

  it('accepts ids of 1 and 64 safe characters, and a one-character name', () => {
    const id64 = 'A_-9'.repeat(16);
    expect(id64).toHaveLength(64);
    const c = good();
    c.id = 'x';
    c.name = 'N';
    schedule(c, 0).id = id64;
    const result = validateConcert(c);
    expect(result.id).toBe('x');
    expect(result.name).toBe('N');
    expect(result.schedules[0]!.id).toBe(id64);
    expect(result.schedules[0]!.concertId).toBe('x');
  });

  it('accepts the demo catalog as is', () => {
    for (const concert of demoCatalog()) expect(validateConcert(concert)).toEqual(concert);
  });

  it('does not change its input', () => {
    const input = good();
    const copy = structuredClone(input);
    validateConcert(input);
    expect(input).toEqual(copy);
  });
});

describe('validateConcert: the concert itself', () => {
  it('must be an object', () => {
    for (const bad of [null, undefined, 5, 'concert', true]) expectFault(bad, '', 'must be an object');
  });

  it('prefixes paths with `where`', () => {
    const error = rejection({ ...good(), id: 'bad id' }, 'catalog[3]');
    expect(error.details).toEqual({ path: 'catalog[3].id' });
    expect(error.message).toBe('catalog[3].id: must be 1-64 letters, digits, _ or -');
    expect(rejection(null, 'file.json').details).toEqual({ path: 'file.json' });
  });

  it('id: a string of 1-64 letters, digits, _ or -', () => {
    for (const bad of [undefined, 5, null, '', 'a b', 'a.b', 'ä', 'x'.repeat(65)]) {
      expectFault({ ...good(), id: bad }, '.id', 'must be 1-64 letters, digits, _ or -');
    }
  });

  it('name: a string of 1-200 characters', () => {
    for (const bad of [undefined, null, 5, '', 'n'.repeat(201)]) {
      expectFault({ ...good(), name: bad }, '.name', 'must be a string of 1-200 characters');
    }
    expect(validateConcert({ ...good(), name: 'n'.repeat(200) }).name).toHaveLength(200);
  });

  it('venue: a string of at most 200 characters when present', () => {
    for (const bad of [5, {}, [], false, 'v'.repeat(201)]) {
      expectFault({ ...good(), venue: bad }, '.venue', 'must be a string of at most 200 characters');
    }
    expect(validateConcert({ ...good(), venue: 'v'.repeat(200) }).venue).toHaveLength(200);
  });

  it('holds at most CATALOG_LIMITS dates, seats per date, and grade characters', () => {
    const seats = (n: number) => Array.from({ length: n }, (_, i) => ({ number: i + 1, price: 1 }));
    const dates = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `d${i}`, startsAt: '2027-01-01T00:00:00Z', seats: seats(1) }));
    expectFault({ ...good(), schedules: dates(CATALOG_LIMITS.schedules + 1) }, '.schedules', 'must hold at most 1000 dates');
    expect(validateConcert({ ...good(), schedules: dates(CATALOG_LIMITS.schedules) }).schedules).toHaveLength(1000);
    const crowded = good();
    schedule(crowded, 0).seats = seats(CATALOG_LIMITS.seats + 1);
    expectFault(crowded, '.schedules[0].seats', 'must hold at most 10000 seats');
    schedule(crowded, 0).seats = seats(CATALOG_LIMITS.seats);
    expect(validateConcert(crowded).schedules[0]?.seats).toHaveLength(10_000);
    const graded = good();
    seat(graded, 0, 0).grade = 'g'.repeat(65);
    expectFault(graded, '.schedules[0].seats[0].grade', 'must be a string of at most 64 characters');
  });

  it('schedules: an array', () => {
    const missing = good();
    delete missing.schedules;
    expectFault(missing, '.schedules', 'must be an array');
    for (const bad of [null, {}, 'x']) expectFault({ ...good(), schedules: bad }, '.schedules', 'must be an array');
  });
});

describe('validateConcert: schedules', () => {
  it('each must be an object, with its index in the path', () => {
    for (const bad of [null, 5, 'x']) {
      const c = good();
      (c.schedules as unknown[])[1] = bad;
      expectFault(c, '.schedules[1]', 'must be an object');
    }
  });

  it('id: a safe id', () => {
    for (const bad of [undefined, 7, '', 'has space', 'y'.repeat(65)]) {
      const c = good();
      schedule(c, 1).id = bad;
      expectFault(c, '.schedules[1].id', 'must be 1-64 letters, digits, _ or -');
    }
  });

  it('startsAt: a parsable date string', () => {
    for (const bad of [undefined, 1_800_000_000_000, null, '', 'next tuesday']) {
      const c = good();
      schedule(c, 0).startsAt = bad;
      expectFault(c, '.schedules[0].startsAt', 'must be an ISO date');
    }
  });

  it('seats: a non-empty array', () => {
    for (const bad of [undefined, null, {}, []]) {
      const c = good();
      schedule(c, 0).seats = bad;
      expectFault(c, '.schedules[0].seats', 'must be a non-empty array');
    }
  });
});

describe('validateConcert: seats', () => {
  it('each must be an object', () => {
    for (const bad of [null, 3, 'seat']) {
      const c = good();
      (schedule(c, 0).seats as unknown[])[2] = bad;
      expectFault(c, '.schedules[0].seats[2]', 'must be an object');
    }
  });

  it('number: a positive safe integer (1 is the smallest)', () => {
    for (const bad of [0, -1, 1.5, '1', undefined, null, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      const c = good();
      seat(c, 0, 1).number = bad;
      expectFault(c, '.schedules[0].seats[1].number', 'must be a positive integer');
    }
    const c = good();
    schedule(c, 1).seats = [{ number: 1, price: 5 }];
    expect(validateConcert(c).schedules[1]!.seats).toEqual([{ number: 1, price: 5, grade: null }]);
  });

  it('number: unique within a schedule, but may repeat across schedules', () => {
    const c = good();
    seat(c, 0, 2).number = 1;
    expectFault(c, '.schedules[0].seats[2].number', 'duplicate seat 1');

    const across = good();
    seat(across, 1, 0).number = 1;
    expect(validateConcert(across).schedules[1]!.seats[0]!.number).toBe(1);
  });

  it('price: a non-negative safe integer (0 is allowed)', () => {
    for (const bad of [-1, 0.5, '100', undefined, null, Number.POSITIVE_INFINITY]) {
      const c = good();
      seat(c, 0, 0).price = bad;
      expectFault(c, '.schedules[0].seats[0].price', 'must be a non-negative integer');
    }
    const c = good();
    seat(c, 0, 0).price = 0;
    expect(validateConcert(c).schedules[0]!.seats[0]!.price).toBe(0);
  });

  it('grade: a string, null or absent', () => {
    for (const bad of [1, {}, true]) {
      const c = good();
      seat(c, 1, 0).grade = bad;
      expectFault(c, '.schedules[1].seats[0].grade', 'must be a string');
    }
    const c = good();
    seat(c, 0, 0).grade = '';
    expect(validateConcert(c).schedules[0]!.seats[0]!.grade).toBe('');
  });
});
