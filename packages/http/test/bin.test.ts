import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/boxoffice.js', import.meta.url));

// `npx boxoffice` in a fresh clone runs bin/boxoffice.js with no dist/ beside it.
describe('the boxoffice command before a build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one line what to run first, and exits 78', () => {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(BIN, join(dir, 'bin', 'boxoffice.js'));
    const run = spawnSync(process.execPath, [join(dir, 'bin', 'boxoffice.js'), 'help'], { encoding: 'utf8' });
    expect(run.status).toBe(78);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/npm run build/);
  });

  it('is valid JavaScript for the Node in use', () => {
    expect(() => execFileSync(process.execPath, ['--check', BIN])).not.toThrow();
  });
});
