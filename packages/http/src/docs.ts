import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Router from '@koa/router';

const require = createRequire(import.meta.url);

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>boxoffice API</title>
<meta name="description" content="The boxoffice HTTP API: waiting queue, concerts, seat holds, wallet and payment, from its OpenAPI document.">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// BaseLayout: the standalone layout's top bar (a URL box this page does not need) draws its logo with an
// inline <style>, which the Content-Security-Policy refuses.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });
`;

/**
 * /docs: Swagger UI, served by the host so the page needs no CDN. The page build copies its files to
 * <webRoot>/docs/, where the static files middleware serves them compressed; a clone whose page is not
 * built yet serves them from swagger-ui-dist (a devDependency, never installed by a consumer: it pulls
 * in a telemetry install script).
 */
export function mountDocs(router: Router, webRoot: string): void {
  const built = existsSync(join(webRoot, 'docs', 'swagger-ui-bundle.js'));
  const cache = new Map<string, Buffer>();
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/docs/init.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = INIT;
  });
  router.get('/docs/:file', async (ctx, next) => {
    const file = ctx.params.file as string;
    const type = ASSETS[file];
    if (!type || built) return next();
    let data = cache.get(file);
    if (!data) {
      data = await readFile(join(dirname(require.resolve('swagger-ui-dist/package.json')), file));
      cache.set(file, data);
    }
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = data;
  });
}
