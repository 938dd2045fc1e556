/**
 * Web mode builds the UI on demand: after `npm ci` there is no dist/renderer, and after an update the
 * build may be older than the sources. Run on a copy of the sources (its own dist/), so the real
 * build the e2e suite uses is never touched.
 */
import { cp, mkdtemp, readFile, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, rendererBuildNeeded } from '../../../electron/studio/web/renderer-build.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
let root = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'web-build-'));
  await cp(path.join(repo, 'renderer'), path.join(root, 'renderer'), { recursive: true });
  await cp(path.join(repo, 'electron', 'studio', 'api'), path.join(root, 'electron', 'studio', 'api'), { recursive: true });
  // The contract imports packaging-core's vocabulary and format table.
  for (const dir of ['types', 'formats']) await cp(path.join(repo, 'packaging-core', dir), path.join(root, 'packaging-core', dir), { recursive: true });
  await cp(path.join(repo, 'package.json'), path.join(root, 'package.json'));
  for (const f of ['tsconfig.json', 'tsconfig.base.json', 'tsconfig.dom.json', 'tsconfig.node.json']) await cp(path.join(repo, f), path.join(root, f));
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('web mode UI build', () => {
  it('builds a missing UI, then knows it is current, and rebuilds when a source is newer', async () => {
    expect(rendererBuildNeeded({ root })).toBe('missing');
    const lines: string[] = [];
    const dist = await buildRenderer({ root }, (l) => lines.push(l));
    expect(dist).toBe(path.join(root, 'dist', 'renderer'));
    expect(await readFile(path.join(dist, 'index.html'), 'utf8')).toMatch(/<script type="module"/);
    expect(lines.join('\n')).toMatch(/built in/);
    expect(rendererBuildNeeded({ root })).toBeNull();

    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'packaging-core', 'formats', 'format-table.ts'), later, later);
    expect(rendererBuildNeeded({ root })).toBe('stale');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(path.join(root, 'packaging-core', 'formats', 'format-table.ts'), past, past);
    expect(rendererBuildNeeded({ root })).toBeNull();
    await utimes(path.join(root, 'electron', 'studio', 'api', 'contract.ts'), later, later);
    expect(rendererBuildNeeded({ root })).toBe('stale');
  });
});
