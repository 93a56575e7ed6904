import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The waiting-room page: plain TypeScript, no framework and no plugin. The host serves web/dist at `/`,
// so asset URLs are relative (base './') and nothing is fetched from a CDN at runtime.
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API runs on the host (npm start).
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
