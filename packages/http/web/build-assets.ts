import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The Swagger UI files /docs loads; copied at build time so the published host needs no swagger-ui-dist. */
export const DOCS_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|map|txt)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * After the page's build: the docs assets go to dist/docs/, then every compressible file gets a .br and a
 * .gz sibling, which the host serves by Accept-Encoding (static files never change, so compress once).
 */
export function buildAssets(): Plugin {
  let outDir = '';
  return {
    name: 'boxoffice-build-assets',
    apply: 'build',
    // The build's own outDir: a test may build the page elsewhere.
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const require = createRequire(import.meta.url);
      const swagger = dirname(require.resolve('swagger-ui-dist/package.json'));
      mkdirSync(join(outDir, 'docs'), { recursive: true });
      for (const file of DOCS_ASSETS) copyFileSync(join(swagger, file), join(outDir, 'docs', file));
      for (const entry of readdirSync(outDir, { recursive: true })) {
        const file = join(outDir, String(entry));
        if (!COMPRESSIBLE.test(file) || !statSync(file).isFile()) continue;
        const data = readFileSync(file);
        if (data.length < MIN_BYTES) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}
