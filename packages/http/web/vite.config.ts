import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { buildAssets } from './build-assets.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

// The waiting-room page and the operator console (admin.html): plain TypeScript, no framework; one plugin of ours (build-assets.ts). The host serves web/dist at `/`,
// so asset URLs are relative (base './') and nothing is fetched from a CDN at runtime.
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    // Two pages: the waiting room at / and the operator console at /admin.
    rolldownOptions: { input: { main: fileURLToPath(new URL('./index.html', import.meta.url)), admin: fileURLToPath(new URL('./admin.html', import.meta.url)) } },
  },
  plugins: [buildAssets()],
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API runs on the host (npm start).
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
