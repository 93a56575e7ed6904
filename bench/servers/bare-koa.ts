/**
 * The baseline for the host's status poll: a bare Koa + @koa/router route that
 * returns constant JSON of the same shape, with no auth, store or validation.
 */
import Koa from 'koa';
import Router from '@koa/router';

const body = { token: 'x'.repeat(22), state: 'waiting', position: 42, etaSeconds: 5, activeUntil: null, pollAfterMs: 1000 };
const app = new Koa();
const router = new Router();
router.get('/healthz', (ctx) => {
  ctx.body = { ok: true };
});
router.get('/v1/queue/tokens/:token', (ctx) => {
  ctx.body = body;
});
app.use(router.routes());
app.use(router.allowedMethods());
const server = app.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
