import { ConcertList, ScheduleList, SeatList } from '../schemas/resources.js';
import { ConcertParams, ScheduleParams } from '../schemas/requests.js';
import { route } from './route.js';

export const concertRoutes = [
  route({
    method: 'get',
    path: '/v1/concerts',
    operationId: 'listConcerts',
    summary: 'Concerts on sale.',
    tag: 'catalog',
    auth: true,
    queueToken: true,
    responses: { 200: { description: 'Every concert.', schema: ConcertList } },
    errors: [403, 404],
    handler: async ({ boxoffice }, { session }) => ({ status: 200, body: await boxoffice.catalog.listConcerts(session) }),
  }),
  route<{ concertId: string }>({
    method: 'get',
    path: '/v1/concerts/{concertId}/schedules',
    operationId: 'listSchedules',
    summary: 'A concert\'s dates, each with its count of available seats.',
    tag: 'catalog',
    auth: true,
    queueToken: true,
    params: ConcertParams,
    responses: { 200: { description: 'The dates.', schema: ScheduleList } },
    errors: [403, 404],
    handler: async ({ boxoffice }, { session, params }) => ({
      status: 200,
      body: await boxoffice.catalog.listSchedules(session, params.concertId),
    }),
  }),
  route<{ scheduleId: string }>({
    method: 'get',
    path: '/v1/schedules/{scheduleId}/seats',
    operationId: 'listSeats',
    summary: 'Every seat of a date, with whether it is available.',
    tag: 'catalog',
    auth: true,
    queueToken: true,
    params: ScheduleParams,
    responses: { 200: { description: 'The seats.', schema: SeatList } },
    errors: [403, 404],
    handler: async ({ boxoffice }, { session, params }) => ({
      status: 200,
      body: await boxoffice.catalog.listSeats(session, params.scheduleId),
    }),
  }),
];
