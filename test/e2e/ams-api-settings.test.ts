/**
 * The desktop UI's switch for the AMS v3 API, in Chromium (web mode): Settings ▸ AMS v3 API turns the
 * HTTPS API on, shows its endpoint and certificate, and the official SDK then creates an asset the
 * library shows; turning it off stops it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AzureMediaServices } from '@azure/arm-mediaservices';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startStudioWeb, type StudioWeb } from './studio-ui/studio-web.ts';

let dir = '';
let app: StudioWeb;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ams-api-ui-'));
  [app, browser] = await Promise.all([startStudioWeb(path.join(dir, 'library')), launchChromium()]);
  // A free port instead of 8443, so the test never meets a running studio.
  await app.studio.handlers['amsApi.set']({ port: 0 });
  page = await browser.newPage();
  await page.goto(app.web.url);
  await page.getByTestId('app-info').waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('turns the API on from Settings; SDK code then reaches the studio; off stops it', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const section = page.getByTestId('ams-api-settings');
  const toggle = section.getByRole('checkbox');
  expect(await toggle.isChecked()).toBe(false);
  await toggle.click();
  await expect.poll(() => toggle.isChecked()).toBe(true);
  await expect.poll(() => section.textContent()).toMatch(/https:\/\/127\.0\.0\.1:\d+/);
  const url = /https:\/\/127\.0\.0\.1:\d+/.exec((await section.textContent()) ?? '')?.[0] ?? '';
  expect(await section.textContent()).toContain('tls-cert.pem');
  expect(await section.getByRole('button', { name: 'Copy token' }).count()).toBe(1);

  const status = await app.studio.handlers['amsApi.status']({});
  expect(status).toMatchObject({ enabled: true, state: 'Running', url });
  const { token } = await app.studio.handlers['amsApi.token']({});
  const client = new AzureMediaServices({ getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60_000 }) }, 'sub', {
    endpoint: url,
    tlsOptions: { ca: await readFile(status.certFile ?? '', 'utf8') },
    retryOptions: { maxRetries: 0 },
  });
  await client.assets.createOrUpdate('rg', 'acct', 'made-by-sdk', {});
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect.poll(() => page.locator('[data-testid="asset-card"][data-asset-name="made-by-sdk"]').count()).toBe(1);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('ams-api-settings').getByRole('checkbox').click();
  await expect.poll(async () => (await app.studio.handlers['amsApi.status']({})).state).toBe('Stopped');
});
