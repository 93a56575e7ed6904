import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

/** packages/http/web/dist, from src/ or dist/ alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The pages by their paths: the waiting room and the operator console (its data needs the operator role, not the page). */
const PAGES: Readonly<Record<string, string>> = { '/': '/index.html', '/admin': '/admin.html' };

/** Vite names built assets `name-<hash>.ext`: those never change, so they may be cached for good. */
const HASHED = /[-.][A-Za-z0-9_]{8,}\.(?:js|mjs|css|svg|png|jpg|webp|woff2)$/;

/** The types web/build-assets.ts compresses. */
const COMPRESSED = /\.(?:html|js|mjs|css|svg|json|map|txt)$/;

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>boxoffice</title><meta name="description" content="The boxoffice ticket host: its waiting-room page is not built yet."></head>
<body>
<h1>boxoffice</h1>
<p>The API is running, but the waiting-room page has not been built.</p>
<p>Build it with <code>npm run build:web -w @boxoffice/http</code> (or run <code>npm start</code>, which builds it first), then reload.</p>
<p>Meanwhile: the API is documented at <a href="/docs">/docs</a> (<a href="/openapi.json">openapi.json</a>).</p>
</body></html>
`;

/**
 * Serves the built waiting-room page (GET and HEAD only). Paths are resolved
 * inside the root, so `..` and encoded tricks cannot escape it; anything not
 * found falls through to the 404 problem.
 */
export function webAssets(root: string = DEFAULT_WEB_ROOT): Middleware {
  const base = resolve(root);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const path = ctx.path;
    if (path.startsWith('/v1/') || path.includes('\0')) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(PAGES[path] ?? path);
    } catch {
      return next();
    }
    if (relative.includes('\0') || relative.split(/[\\/]/).includes('..')) return next();
    const file = resolve(join(base, relative));
    if (!file.startsWith(base + sep)) return next();
    const type = TYPES[extname(file).toLowerCase()];
    let info = type ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      if (PAGES[path] !== undefined || path === '/index.html') {
        ctx.type = 'text/html; charset=utf-8';
        ctx.set('Cache-Control', 'no-cache');
        ctx.body = MISSING_PAGE;
        return undefined;
      }
      return next();
    }
    ctx.type = type as string;
    ctx.set('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    // The build wrote .br and .gz copies of the compressible files (web/build-assets.ts).
    let served = file;
    const encoding = COMPRESSED.test(file) ? ctx.acceptsEncodings('br', 'gzip', 'identity') : false;
    if (encoding === 'br' || encoding === 'gzip') {
      const packed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
      const packedInfo = await stat(packed).catch(() => null);
      if (packedInfo?.isFile()) {
        served = packed;
        info = packedInfo;
        ctx.set('Content-Encoding', encoding);
      }
    }
    if (COMPRESSED.test(file)) ctx.vary('Accept-Encoding');
    ctx.length = info.size;
    ctx.status = 200;
    if (ctx.method === 'GET') ctx.body = createReadStream(served);
    return undefined;
  };
}
