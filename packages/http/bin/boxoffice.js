#!/usr/bin/env node
// The installed `boxoffice` command: runs the compiled CLI. In a clone nothing is compiled until a build,
// so say in one line what to run instead of failing on a missing module.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
  process.stderr.write('boxoffice: not built yet in this clone: run `npm run build` first (or `npm start` to run the host from source)\n');
  process.exit(78);
}
process.env.BOXOFFICE_CLI = '1';
await import('../dist/cli.js');
