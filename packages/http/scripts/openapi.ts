// The host's OpenAPI document, for the tools that read it.
//   --types   rewrites web/src/api-schema.ts (the page's API types) with openapi-typescript
//   --check   fails when api-schema.ts is not what --types would write, and lints the document with
//             Spectral (spectral:oas: no warning; the OWASP API ruleset: no error), ruleset
//             packages/http/.spectral.yaml, whose exceptions each say why
//   (none)    prints the document (the same one GET /openapi.json answers)
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../src/openapi.js';

const TYPES_FILE = fileURLToPath(new URL('../web/src/api-schema.ts', import.meta.url));
const RULESET = fileURLToPath(new URL('../.spectral.yaml', import.meta.url));
const TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));
const SPECTRAL = fileURLToPath(new URL('../../../node_modules/.bin/spectral', import.meta.url));
const HEADER = '// Generated from the host\'s OpenAPI document by `npm run openapi:types` (openapi-typescript). Do not edit.\n\n';

async function pageTypes(): Promise<string> {
  return HEADER + astToString(await openapiTS(openApiDocument() as Parameters<typeof openapiTS>[0]));
}

interface SpectralResult {
  readonly code: string;
  readonly message: string;
  readonly severity: number; // 0 error, 1 warning, 2 info, 3 hint
  readonly path: readonly (string | number)[];
}

/** spectral:oas findings down to warnings, OWASP findings that are errors: the ones that fail the check. */
async function spectralFindings(): Promise<SpectralResult[]> {
  // Beside the ruleset: its overrides name the document by its path relative to it (.tmp/openapi.json).
  await mkdir(TMP, { recursive: true });
  const dir = TMP;
  try {
    const doc = join(dir, 'openapi.json');
    await writeFile(doc, JSON.stringify(openApiDocument(), null, 2));
    const out = join(dir, 'spectral.json');
    // Spectral exits non-zero on any error; the findings file is read either way.
    await promisify(execFile)(SPECTRAL, ['lint', '-q', '-r', RULESET, '-f', 'json', '-o', out, doc]).catch(() => undefined);
    const results = JSON.parse(await readFile(out, 'utf8')) as SpectralResult[];
    return results.filter((r) => (r.code.startsWith('owasp:') ? r.severity === 0 : r.severity <= 1));
  } finally {
    await rm(join(dir, 'openapi.json'), { force: true });
    await rm(join(dir, 'spectral.json'), { force: true });
  }
}

const mode = process.argv[2];
if (mode === '--types') {
  await writeFile(TYPES_FILE, await pageTypes());
  console.log(`wrote ${TYPES_FILE}`);
} else if (mode === '--check') {
  let failed = false;
  const current = await readFile(TYPES_FILE, 'utf8').catch(() => '');
  if (current !== (await pageTypes())) {
    console.error('openapi: packages/http/web/src/api-schema.ts is out of date with the document: run `npm run openapi:types`');
    failed = true;
  }
  const findings = await spectralFindings();
  for (const f of findings) console.error(`openapi: ${f.severity === 0 ? 'error' : 'warning'} ${f.code} at ${f.path.join('.')}: ${f.message}`);
  if (findings.length > 0) failed = true;
  if (failed) process.exit(1);
  console.log('openapi: the page types are current; Spectral (spectral:oas, OWASP) finds nothing');
} else {
  process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
}
