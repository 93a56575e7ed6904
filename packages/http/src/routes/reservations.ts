import { presentReservation } from '../presenters.js';
import { Reservation } from '../schemas/resources.js';
import { HoldRequest, ReservationParams } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';
import { refuseProbing } from '../limit-probes.js';

export const reservationRoutes = [
  route<unknown, unknown, z.infer<typeof HoldRequest>>({
    method: 'post',
    path: '/v1/reservations',
    operationId: 'holdSeats',
    summary: 'Hold 1 to maxSeatsPerReservation seats of one date, all or nothing, for holdTtl.',
    tag: 'reservations',
    auth: true,
    limits: ['holds', 'limitProbes'],
    queueToken: true,
    body: HoldRequest,
    responses: { 201: { description: 'The hold.', schema: Reservation } },
    errors: [403, 404, 409],
    handler: async (deps, { session, body }) => {
      const { boxoffice, metrics } = deps;
      const r = await boxoffice.reservations.hold(session, body.scheduleId, body.seats).catch((error: unknown) => refuseProbing(deps, session, body.scheduleId, error));
      metrics.holds.inc();
      return { status: 201, body: presentReservation(r), headers: { Location: `/v1/reservations/${r.id}` } };
    },
  }),
  route<{ id: string }>({
    method: 'get',
    path: '/v1/reservations/{id}',
    operationId: 'getReservation',
    summary: 'The caller\'s own reservation.',
    tag: 'reservations',
    auth: true,
    params: ReservationParams,
    responses: { 200: { description: 'The reservation.', schema: Reservation } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => ({
      status: 200,
      body: presentReservation(await boxoffice.reservations.get(userId, params.id)),
    }),
  }),
  route<{ id: string }>({
    method: 'delete',
    path: '/v1/reservations/{id}',
    operationId: 'cancelReservation',
    summary: 'Cancel the caller\'s own hold; its seats are released.',
    tag: 'reservations',
    auth: true,
    limits: ['holds'],
    params: ReservationParams,
    responses: { 204: { description: 'Cancelled (or already ended).' } },
    errors: [404, 409],
    handler: async ({ boxoffice }, { userId, params }) => {
      await boxoffice.reservations.cancel(userId, params.id);
      return { status: 204 };
    },
  }),
];
