/**
 * The CLI's API commands, one test per operation group, over one real library: every operation of
 * the contract is a command (the list is checked against the contract), options typed by its schema,
 * --json answers parse, errors exit 1 (studio) or 64 (usage). Run in-process through main() for speed;
 * `serve` runs as a real process and its printed URLs are fetched.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_COMMANDS } from '../../../electron/cli/contract-commands.ts';
import { operations } from '../../../electron/studio/api/contract.ts';
import { openStudio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { runCli } from '../../helpers/cli-run.ts';
import { insertFixtureAsset } from '../../helpers/test-studio.ts';

const cli = new URL('../../../electron/cli.ts', import.meta.url).pathname;
let dir = '';
let library = '';
let fx: AbrFixture;
let assetId = '';

const run = (...args: string[]) => runCli(library, ...args);

async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const r = await run(...args, '--json');
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'cli-ops-'));
  library = path.join(dir, 'library');
  // An encoded asset as the encoder leaves it, to publish.
  const studio = await openStudio({ libraryDir: library, runJobs: false });
  try {
    assetId = (await insertFixtureAsset(studio.catalog, fx)).id;
  } finally {
    await studio.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the CLI and the contract', () => {
  it('has one command per operation, each with its own --help', async () => {
    expect([...OPERATION_COMMANDS.values()].sort()).toEqual([...operations].sort());
    const help = await run('endpoint', 'settings', 'set', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--ip-allow <value>\s+optional; JSON/);
    expect(help.stdout).toMatch(/--port <value>\s+optional; number/);
    const group = await run('filters');
    expect(group.stdout).toMatch(/save\n\s+delete/);
    const bad = await run('settings', 'set', '--job-concurrency', 'many');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--job-concurrency must be a number/);
    expect((await run('settings', 'set', '--colour', 'red')).stderr).toMatch(/unknown option --colour/);
  });

  it('app and settings', async () => {
    expect(await json('app', 'info')).toMatchObject({ name: 'Origin Studio' });
    expect(await json('settings', 'set', '--job-concurrency', '3')).toMatchObject({ jobConcurrency: 3 });
    expect(await json('settings', 'get')).toMatchObject({ jobConcurrency: 3, libraryDir: library });
    const refused = await run('settings', 'set', '--job-concurrency', '99');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/jobConcurrency: .*16/);
  });

  it('assets and encoders', async () => {
    const imported = await json<{ id: string; name: string }>('assets', 'import', '--path', fx.mezzanine, '--name', 'mezz');
    expect(imported.name).toBe('mezz');
    expect(await json('assets', 'get', imported.id)).toMatchObject({ id: imported.id, mediaInfo: { video: { codec: 'h264' } } });
    const files = await json<{ tracks: unknown[] }>('assets', 'files', assetId);
    expect(files.tracks.length).toBeGreaterThan(1);
    const table = await run('assets', 'list');
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STATE/);
    expect(table.stdout).toContain('mezz');
    expect(await json('assets', 'delete', imported.id)).toEqual({ deleted: true });
    expect(await json('encoders', 'list')).toMatchObject({ encoders: expect.arrayContaining([expect.objectContaining({ name: 'libx264' })]) });
  });

  it('transforms', async () => {
    const definition = { name: 'Tiny', description: 'one rung', video: [{ height: 180, kbps: 300 }], audio: { kbps: 96, channels: 2 }, interleaved: false, copy: false };
    expect(await json('transforms', 'save', '--definition', JSON.stringify(definition))).toMatchObject({ name: 'Tiny', builtin: false });
    const exported = await json<{ json: string }>('transforms', 'export', 'Tiny');
    expect(await json('transforms', 'delete', 'Tiny')).toEqual({ deleted: true });
    expect(await json('transforms', 'import', '--json-value', exported.json)).toMatchObject({ name: 'Tiny' });
    const listed = await json<{ name: string }[]>('transforms', 'list');
    expect(listed.map((t) => t.name)).toEqual(expect.arrayContaining(['AdaptiveStreaming', 'Tiny']));
  });

  it('jobs: queue, cancel, retry, list by state, log', async () => {
    const job = await json<{ id: string; state: string }>('jobs', 'encode', '--file', fx.mezzanine, '--transform-name', 'AdaptiveStreaming');
    expect(job.state).toBe('Queued');
    expect(await json('jobs', 'cancel', job.id)).toMatchObject({ state: 'Canceled' });
    const again = await json<{ id: string; retryOf: string }>('jobs', 'retry', job.id);
    expect(again.retryOf).toBe(job.id);
    expect(await json('jobs', 'cancel', again.id)).toMatchObject({ state: 'Canceled' });
    expect((await json<{ id: string }[]>('jobs', 'list', '--state', 'Canceled')).map((j) => j.id).sort()).toEqual([job.id, again.id].sort());
    expect(await json('jobs', 'log', job.id)).toMatchObject({ text: '', file: null });
    expect((await run('jobs', 'log', job.id)).stdout).toMatch(/never ran/);
    expect((await json<{ seq: number }>('jobs', 'events', '--since', '0')).seq).toBeGreaterThanOrEqual(0);
  });

  it('policies, locators and content key policies (URLs on the configured host and port, key id shown)', async () => {
    await json('endpoint', 'settings', 'set', '--port', '8802', '--host-name', 'media.example.com');
    expect(await json('policies', 'create', '--name', 'HlsOnly', '--protocols', 'hls', '--protocols', 'download')).toMatchObject({ protocols: ['hls', 'download'] });
    const locator = await json<{ id: string }>('locators', 'create', '--asset-id', assetId, '--policy-name', 'HlsOnly');
    const paths = await json<{ urls: Record<string, string> }>('locators', 'paths', locator.id);
    expect(Object.keys(paths.urls).sort()).toEqual(['hls-cmaf', 'hls-v3', 'hls-v4']);
    expect(paths.urls['hls-v4']).toMatch(new RegExp(`^http://media\\.example\\.com:8802/${locator.id}/`));

    const restriction = path.join(dir, 'restriction.json');
    await writeFile(restriction, JSON.stringify({ kind: 'token', issuer: 'iss', audience: 'aud', algorithm: 'HS256', verificationKey: randomBytes(32).toString('base64') }));
    expect(await json('content-key-policies', 'create', '--name', 'Tok', '--restriction', `@${restriction}`)).toMatchObject({ restriction: { kind: 'token', issuer: 'iss' } });
    const create = await run('locator', 'create', assetId, '--policy', 'Predefined_MultiDrmCencStreaming', '--key-policy', 'Tok');
    expect(create.code, create.stderr).toBe(0);
    expect(create.stdout).toMatch(/key id\s+[0-9a-f-]{36} \(content key policy Tok\)/);
    expect(create.stdout).toMatch(/dash-csf\s+http:\/\/media\.example\.com:8802\//);
    expect(create.stderr).toMatch(/configured address http:\/\/media\.example\.com:8802/);
    const protectedId = /Streaming locator (\S+)/.exec(create.stdout)?.[1] ?? '';
    const token = await json<{ token: string }>('content-key-policies', 'test-token', '--name', 'Tok', '--locator-id', protectedId, '--expires-in-sec', '60');
    expect(token.token.split('.')).toHaveLength(3);
    expect((await run('content-key-policies', 'delete', 'Tok')).code).toBe(1); // in use by the locator
    expect(await json('locators', 'delete', protectedId)).toEqual({ deleted: true });
    expect(await json('locators', 'list', '--asset-id', assetId)).toHaveLength(1);
    await json('endpoint', 'settings', 'set', '--port', '0', '--host-name', 'null');
  });

  it('filters', async () => {
    const definition = JSON.stringify({ presentationTimeRange: { startTimestamp: 0, endTimestamp: 20_000_000 } });
    expect(await json('filters', 'save', '--name', 'first2s', '--asset-id', assetId, '--definition', definition)).toMatchObject({ name: 'first2s', assetId });
    expect((await json<{ name: string }[]>('filters', 'list', '--asset-id', assetId)).map((f) => f.name)).toContain('first2s');
    expect(await json('filters', 'get', 'first2s', '--asset-id', assetId)).toMatchObject({ definition: { presentationTimeRange: { endTimestamp: 20_000_000 } } });
    const preview = await json<{ endSec: number; refusal: string | null }>('filters', 'preview', '--asset-id', assetId, '--filters', '["first2s"]');
    expect(preview.refusal).toBeNull();
    expect(preview.endSec).toBeCloseTo(2, 1);
    expect(await json('filters', 'delete', 'first2s', '--asset-id', assetId)).toEqual({ deleted: true });
  });

  it('endpoint: settings, status, log; serve prints the URLs it serves, on the port it listens on', async () => {
    await json('endpoint', 'settings', 'set', '--ip-allow', '[]', '--cors-origins', '*');
    expect(await json('endpoint', 'status')).toMatchObject({ state: 'Stopped' });
    expect(await json('endpoint', 'log')).toMatchObject({ entries: [] });

    const serve = spawn(process.execPath, [cli, 'serve', '--port', '0', '--json', '--library', library], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    try {
      const first = await createInterface({ input: serve.stdout })[Symbol.asyncIterator]().next();
      const printed = JSON.parse(String(first.value)) as { url: string; locators: { locatorId: string; urls: Record<string, string> }[] };
      expect(printed.locators).toHaveLength(1);
      const url = printed.locators[0]?.urls['hls-v4'] ?? '';
      expect(url.startsWith(printed.url)).toBe(true);
      expect(new URL(url).port).not.toBe('8802');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/#EXTM3U/);
    } finally {
      serve.kill('SIGINT');
    }
    expect(await exit).toBe(0);
  });
});
