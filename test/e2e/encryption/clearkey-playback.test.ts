/**
 * ClearKey playback in Chromium with shaka-player: DASH CSF and CMAF with cenc (licence from the
 * origin's EME ClearKey endpoint, token in Authorization) and HLS CMAF with cbcs (SAMPLE-AES, raw
 * key from the key URI, key id from the init segment's tenc). Time advances and frames and audio are
 * decoded. With a wrong key, or without a token, playback fails with an error instead.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { failedRequests, type TestOrigin } from '../../helpers/origin-server.ts';
import { listen, staticHandler } from '../../helpers/static-server.ts';
import { startProtectedOrigin, type TestKey, tokenFor } from '../../conformance/encryption/protected-locator.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const SHAKA = fileURLToPath(new URL('../../../node_modules/shaka-player/dist/shaka-player.compiled.js', import.meta.url));

interface DrmReport {
  readonly currentTime: number;
  readonly totalVideoFrames: number;
  readonly audioDecodedBytes: number;
  readonly keySystem: string;
  readonly requests: readonly string[];
  readonly errors: readonly { code: number | string; category: number; data: string }[];
}

describe('ClearKey playback in Chromium (shaka-player)', () => {
  let browser: Browser;
  let origin: TestOrigin;
  let page: Awaited<ReturnType<typeof listen>>;
  let k: TestKey;

  beforeAll(async () => {
    const fx = await abrFixture();
    ({ origin, key: k } = await startProtectedOrigin(fx, ['cenc', 'cbcs']));
    page = await listen(
      staticHandler(root, (req, res) => {
        if (req.url !== '/vendor/shaka-player.compiled.js') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/javascript' });
        createReadStream(SHAKA).pipe(res);
      }),
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await origin?.close();
  });

  async function run(args: { url: string; mimeType: string; token?: string; clearKeys?: Record<string, string>; seconds?: number }): Promise<DrmReport> {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${page.url}/${path.basename('drm-player.html')}`);
      return (await tab.evaluate((a) => (globalThis as any).runDrm(a), args)) as DrmReport;
    } finally {
      await tab.close();
    }
  }

  const kidHex = () => k.keyId.replaceAll('-', '');

  it.each([
    { tail: 'manifest(format=mpd-time-csf)', mimeType: 'application/dash+xml', via: 'licence' },
    { tail: 'manifest(format=mpd-time-cmaf)', mimeType: 'application/dash+xml', via: 'licence' },
    { tail: 'manifest(format=m3u8-cmaf)', mimeType: 'application/x-mpegurl', via: 'key' },
  ])('plays $tail (key through the $via request, with the token)', async ({ tail, mimeType, via }) => {
    const report = await run({ url: `${origin.ismUrl}/${tail}`, mimeType, token: await tokenFor(k), seconds: 4 });
    const failing = failedRequests(origin);
    expect({ errors: report.errors, failing }).toEqual({ errors: [], failing: [] });
    expect(report.keySystem).toBe('org.w3.clearkey');
    expect(report.requests).toContain(via);
    expect(report.currentTime).toBeGreaterThanOrEqual(4);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
  });

  it('DASH with a wrong ClearKey key fails with an error', async () => {
    const report = await run({
      url: `${origin.ismUrl}/manifest(format=mpd-time-csf)`,
      mimeType: 'application/dash+xml',
      clearKeys: { [kidHex()]: '00112233445566778899aabbccddeeff' },
      seconds: 4,
    });
    console.log('wrong key:', JSON.stringify(report.errors));
    // ClearKey cannot tell a wrong key: the garbage it decrypts to fails in the decoder (shaka 3016).
    expect(report.errors.map((e) => e.code)).toContain(3016);
    expect(report.currentTime).toBeLessThan(4);
  });

  it('DASH without a token fails at the licence request (401)', async () => {
    const before = origin.log.length;
    const report = await run({ url: `${origin.ismUrl}/manifest(format=mpd-time-csf)`, mimeType: 'application/dash+xml', seconds: 4 });
    console.log('no token:', JSON.stringify(report.errors));
    expect(report.errors.some((e) => e.category === 6)).toBe(true);
    expect(origin.log.slice(before).some((e) => e.path.endsWith('/clearkey') && e.status === 401)).toBe(true);
    expect(report.currentTime).toBeLessThan(4);
  });
});
