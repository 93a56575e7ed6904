import type { SessionRef } from '@boxoffice/core';
import type { ZodType } from 'zod';
import type { AppDeps } from '../deps.js';
import { matchesEtag, type SeatMap } from '../seat-maps.js';
import { ConcertList, ScheduleList, SeatAvailability, SeatList, SeatMapHeaders } from '../schemas/resources.js';
import { ConcertParams, ScheduleParams, SeatMapRequestHeaders } from '../schemas/requests.js';
import { route, type HandlerInput, type Reply } from './route.js';

/** The session gate of a gated read: a valid Admission-Pass proved it already (no store read), else the store checks it. */
async function gate({ boxoffice }: AppDeps, session: SessionRef, admitted: boolean): Promise<void> {
  if (!admitted) await boxoffice.queue.requireActive(session.queueId, session.token, session.userId);
}

export const concertRoutes = [
  route({
    method: 'get',
    path: '/v1/concerts',
    operationId: 'listConcerts',
    summary: 'Concerts on sale.',
    tag: 'catalog',
    auth: true,
    queueToken: true,
    pass: true,
    responses: { 200: { description: 'Every concert.', schema: ConcertList } },
    errors: [403, 404],
    handler: async (deps, { session, admitted }) => {
      await gate(deps, session, admitted);
      return { status: 200, body: await deps.boxoffice.catalog.concertsOfSale(session.queueId) };
    },
  }),
  route<{ concertId: string }>({
    method: 'get',
    path: '/v1/concerts/{concertId}/schedules',
    operationId: 'listSchedules',
    summary: 'A concert\'s dates, each with its count of available seats.',
    tag: 'catalog',
    auth: true,
    queueToken: true,
    pass: true,
    params: ConcertParams,
    responses: { 200: { description: 'The dates.', schema: ScheduleList } },
    errors: [403, 404],
    handler: async (deps, { session, admitted, params }) => {
      await gate(deps, session, admitted);
      return { status: 200, body: await deps.boxoffice.catalog.schedulesOfSale(session.queueId, params.concertId) };
    },
  }),
  seatMapRoute({
    path: '/v1/schedules/{scheduleId}/seats',
    operationId: 'listSeats',
    summary:
      'Every seat of a date, with whether it is available. The answer carries an ETag that changes when a seat is held, sold or freed: ' +
      'send it in If-None-Match to get 304 and no body while nothing changed.',
    ok: { description: 'The seats.', schema: SeatList },
    pick: (map) => map,
  }),
  seatMapRoute({
    path: '/v1/schedules/{scheduleId}/availability',
    operationId: 'seatAvailability',
    summary:
      'Which seats of a date are free, compactly: a bitmap over the seats in the order GET /v1/schedules/{scheduleId}/seats lists them ' +
      '(bit i, most significant first, is 1 when seat i is available), base64url; about 170 characters for 1,000 seats. ETag and If-None-Match as for the seats.',
    ok: { description: 'The availability bitmap.', schema: SeatAvailability },
    pick: (map) => map.availability,
  }),
];

/** A representation of a date's seat map: gated like the catalog, cached per version, revalidated with its ETag. */
function seatMapRoute(o: {
  path: string;
  operationId: string;
  summary: string;
  ok: { description: string; schema: ZodType };
  pick: (map: SeatMap) => { readonly etag: string; readonly json: Buffer };
}) {
  return route<{ scheduleId: string }>({
    method: 'get',
    path: o.path,
    operationId: o.operationId,
    summary: o.summary,
    tag: 'catalog',
    auth: true,
    queueToken: true,
    pass: true,
    params: ScheduleParams,
    headers: SeatMapRequestHeaders,
    responses: {
      200: { ...o.ok, headers: SeatMapHeaders },
      304: { description: 'Not modified: no seat changed since the ETag sent in If-None-Match.', headers: SeatMapHeaders },
    },
    errors: [403, 404],
    handler: (deps, input) => seatMapReply(deps, input, o.pick),
  });
}

/** A seat map read: the version's cached bytes, or 304 when the client holds that version already. */
async function seatMapReply(
  deps: AppDeps,
  { session, admitted, params, ctx }: HandlerInput<{ scheduleId: string }, unknown, unknown>,
  pick: (map: SeatMap) => { readonly etag: string; readonly json: Buffer },
): Promise<Reply> {
  await gate(deps, session, admitted);
  const { schedule, taken } = await deps.boxoffice.catalog.seatStateOfSale(session.queueId, params.scheduleId);
  const { etag, json } = pick(deps.seatMaps.render(schedule, taken));
  // private: the map sits behind a bearer; no-cache: a cache must ask again each time, with the ETag.
  const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (matchesEtag(ctx.get('if-none-match'), etag)) return { status: 304, headers };
  return { status: 200, json, headers };
}
