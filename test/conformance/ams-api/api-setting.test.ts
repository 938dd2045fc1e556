/**
 * The desktop app's switch for the API: amsApi.set through the contract (what Settings calls) starts
 * it and saves the setting, a studio opened as the app opens it (startAmsApi) brings it back, turning
 * it off stops it; amsApi.token gives a token the SDK is accepted with.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AzureMediaServices } from '@azure/arm-mediaservices';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dispatch } from '../../../electron/studio/api/dispatch.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';

let library = '';
let studio: Studio | null = null;

beforeAll(async () => {
  library = await mkdtemp(path.join(os.tmpdir(), 'ams-api-setting-'));
});
afterAll(async () => {
  await studio?.close();
  await rm(library, { recursive: true, force: true });
});

async function call(op: 'amsApi.status' | 'amsApi.set' | 'amsApi.token', input: object) {
  const reply = await dispatch(studio!.handlers, op, input);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as { enabled?: boolean; state?: string; url?: string | null; certFile?: string | null; token?: string };
}

it('turns on, survives a restart of the app, serves the SDK with its token, and turns off', async () => {
  studio = await openStudio({ libraryDir: library, runJobs: false, startAmsApi: true });
  expect(await call('amsApi.status', {})).toMatchObject({ enabled: false, state: 'Stopped', url: null });
  const on = await call('amsApi.set', { enabled: true, port: 0 });
  expect(on).toMatchObject({ enabled: true, state: 'Running' });
  expect(on.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  await studio.close();

  studio = await openStudio({ libraryDir: library, runJobs: false, startAmsApi: true });
  const again = await call('amsApi.status', {});
  expect(again).toMatchObject({ enabled: true, state: 'Running' });
  const { token } = await call('amsApi.token', {});
  const ca = await readFile(again.certFile ?? '', 'utf8');
  const client = new AzureMediaServices({ getToken: async () => ({ token: token ?? '', expiresOnTimestamp: Date.now() + 60_000 }) }, 'sub', {
    endpoint: again.url ?? '',
    tlsOptions: { ca },
    retryOptions: { maxRetries: 0 },
  });
  await client.assets.createOrUpdate('rg', 'acct', 'from-sdk', {});
  // What the API made is in the studio the app shows.
  expect((await studio.handlers['assets.list']({})).map((a) => a.name)).toContain('from-sdk');

  const off = await call('amsApi.set', { enabled: false });
  expect(off).toMatchObject({ enabled: false, state: 'Stopped' });
  await expect(client.assets.get('rg', 'acct', 'from-sdk')).rejects.toThrow();
});
