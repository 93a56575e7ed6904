#!/usr/bin/env node
// The installed `boxoffice` command: runs the compiled CLI (npm run build -w @boxoffice/http first in a clone).
process.env.BOXOFFICE_CLI = '1';
await import('../dist/cli.js');
