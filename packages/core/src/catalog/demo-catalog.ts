import type { ConcertPrimitives, SeatPrimitives } from './concert.js';

function seats(count: number): SeatPrimitives[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const grade = n <= 10 ? 'VIP' : n <= 30 ? 'R' : 'S';
    const price = grade === 'VIP' ? 150_000 : grade === 'R' ? 110_000 : 80_000;
    return { number: n, price, grade };
  });
}

/** A small catalog for demos and the first `npm start`: two concerts, 50 seats a date. */
export function demoCatalog(): ConcertPrimitives[] {
  return [
    {
      id: 'aurora-live',
      name: 'Aurora Live 2027',
      venue: 'Olympic Hall, Seoul',
      schedules: [
        { id: 'aurora-2027-03-14', concertId: 'aurora-live', startsAt: '2027-03-14T10:00:00.000Z', seats: seats(50) },
        { id: 'aurora-2027-03-15', concertId: 'aurora-live', startsAt: '2027-03-15T10:00:00.000Z', seats: seats(50) },
      ],
    },
    {
      id: 'midnight-strings',
      name: 'Midnight Strings',
      venue: 'Lotte Concert Hall',
      schedules: [
        { id: 'strings-2027-04-02', concertId: 'midnight-strings', startsAt: '2027-04-02T11:00:00.000Z', seats: seats(50) },
      ],
    },
  ];
}
