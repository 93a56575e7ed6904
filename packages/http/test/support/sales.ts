/**
 * A small catalog for the sales tests: `tiny` has two dates of two and one
 * seats (easy to sell out), `big` one date of twenty.
 */
export const SALES_CONCERTS = [
  {
    id: 'tiny',
    name: 'Tiny Gig',
    venue: 'Back Room',
    schedules: [
      { id: 'tiny-1', startsAt: '2027-05-01T20:00:00Z', seats: [1, 2].map((number) => ({ number, price: 1000, grade: 'A' })) },
      { id: 'tiny-2', startsAt: '2027-05-02T20:00:00Z', seats: [{ number: 1, price: 1000, grade: 'A' }] },
    ],
  },
  {
    id: 'big',
    name: 'Big Show',
    venue: 'Arena',
    schedules: [{ id: 'big-1', startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: 20 }, (_, i) => ({ number: i + 1, price: 5000, grade: 'S' })) }],
  },
];

/** Whole seconds: ISO times round-trip exactly. */
export const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

export const iso = (ms: number): string => new Date(ms).toISOString();
