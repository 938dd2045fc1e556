/**
 * Protected Smooth Streaming (CENC with PIFF sample encryption) in Chromium with dash.js 5 and its MSS
 * plugin, ClearKey: dash.js takes the key id from the manifest's PlayReady-format ProtectionHeader
 * (its tenc), selects ClearKey from the common pssh in the fragments, and fetches the licence from the
 * origin's EME ClearKey endpoint with the token as Bearer. Time advances, frames are decoded; with a
 * wrong key or without a token it fails instead.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { failedRequests, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { listen } from '../../helpers/static-server.ts';
import { startProtectedOrigin, type TestKey, tokenFor } from '../../conformance/encryption/protected-locator.ts';

const DASHJS = fileURLToPath(new URL('../../../node_modules/dashjs/dist/modern/umd/', import.meta.url));
const SCRIPTS = ['dash.all.min.js', 'dash.mss.min.js'];
const PAGE = `<!doctype html><html><head><meta charset="utf-8">${SCRIPTS.map((s) => `<script src="/${s}"></script>`).join('')}</head>
<body><video id="video" muted playsinline width="640" height="360"></video></body></html>`;

interface Args {
  readonly url: string;
  readonly licenceUrl: string;
  readonly token?: string | undefined;
  /** base64url key id → base64url key: dash.js's own ClearKey keys instead of the licence server. */
  readonly clearkeys?: Record<string, string> | undefined;
  readonly seconds: number;
}

interface Report {
  readonly currentTime: number;
  readonly totalVideoFrames: number;
  readonly keySystem: string | null;
  readonly licenceRequests: number;
  readonly errors: readonly string[];
}

/** Runs in the page: dash.js plays the URL with ClearKey protection data and reports. */
async function playInPage(a: Args): Promise<Report> {
  const g = globalThis as any;
  const video = g.document.getElementById('video');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const errors: string[] = [];
  let keySystem: string | null = null;
  let licenceRequests = 0;
  const player = g.dashjs.MediaPlayer().create();
  const ev = g.dashjs.MediaPlayer.events;
  const drm = g.dashjs.Protection.events;
  player.updateSettings({ debug: { logLevel: 1 }, streaming: { buffer: { bufferTimeAtTopQuality: 6 } } });
  player.on(ev.ERROR, (e: any) => errors.push(`dash.js ${e.error?.code}: ${e.error?.message}`));
  player.on(drm.KEY_SYSTEM_SELECTED, (e: any) => {
    if (e.error) errors.push(`key system: ${e.error.message}`);
    else keySystem = e.data?.selectedSystemString ?? e.data?.keySystem?.systemString ?? null;
  });
  player.on(drm.LICENSE_REQUEST_COMPLETE, (e: any) => {
    licenceRequests++;
    if (e.error) errors.push(`licence: ${e.error.message}`);
  });
  player.on(drm.KEY_ERROR, (e: any) => errors.push(`key: ${e.error?.message}`));
  video.addEventListener('error', () => errors.push(`video ${video.error?.code}: ${video.error?.message}`));
  // dash.js's MSS parser puts the PlayReady header's KID on every AdaptationSet; listing it in
  // `clearkeys` without a key makes dash.js ask the CDM for a 'keyids' request (its 'cenc' path
  // cannot hand a pssh to ClearKey) and, finding no key, send that request to serverURL.
  player.on(ev.MANIFEST_LOADED, (e: any) => {
    const kid: Uint8Array | undefined = e.data?.Period?.[0]?.AdaptationSet?.[0]?.ContentProtection?.[0]?.['cenc:default_KID'];
    const kidB64 = kid ? btoa(String.fromCharCode(...kid)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') : '';
    const clearKey = a.clearkeys
      ? { clearkeys: a.clearkeys }
      : {
          clearkeys: { [kidB64]: '' },
          serverURL: a.licenceUrl,
          httpRequestHeaders: a.token ? { Authorization: `Bearer ${a.token}` } : {},
          // dash.js sends credentials with an Authorization header unless told not to; a Bearer
          // token needs no cookies, and the key endpoint answers any origin (`*`).
          withCredentials: false,
        };
    player.setProtectionData({ 'org.w3.clearkey': clearKey });
  });
  player.initialize(video, a.url, true);
  // Only ClearKey: the PlayReady and Widevine systems dash.js derives from the ProtectionHeader are
  // not in Chromium and would each report KeySystem Access Denied.
  const protection = player.getProtectionController();
  protection.setKeySystems(protection.getKeySystems().filter((ks: any) => ks.systemString === 'org.w3.clearkey'));
  const end = performance.now() + 30000;
  while (performance.now() < end && video.currentTime < a.seconds && errors.length === 0 && !video.ended) await sleep(100);
  const report = {
    currentTime: video.currentTime,
    totalVideoFrames: video.getVideoPlaybackQuality().totalVideoFrames,
    keySystem,
    licenceRequests,
    errors,
  };
  player.destroy();
  return report;
}

describe('protected Smooth Streaming with ClearKey in Chromium (dash.js + MSS)', () => {
  let browser: Browser;
  let origin: TestOrigin;
  let page: Awaited<ReturnType<typeof listen>>;
  let k: TestKey;

  beforeAll(async () => {
    const fx = await abrFixture();
    ({ origin, key: k } = await startProtectedOrigin(fx, ['cenc'], ['smooth']));
    page = await listen((req, res) => {
      const script = SCRIPTS.find((s) => req.url === `/${s}`);
      if (script) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        createReadStream(`${DASHJS}${script}`).pipe(res);
      } else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await origin?.close();
  });

  async function run(args: Omit<Args, 'url' | 'licenceUrl' | 'seconds'>): Promise<Report> {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${page.url}/`);
      const licenceUrl = `${new URL(origin.ismUrl).origin}/keys/${TEST_LOCATOR}/clearkey`;
      return await tab.evaluate(playInPage, { url: `${origin.ismUrl}/manifest`, licenceUrl, seconds: 4, ...args });
    } finally {
      await tab.close();
    }
  }

  it('plays with the licence from the origin (token as Bearer)', async () => {
    const before = origin.log.length;
    const report = await run({ token: await tokenFor(k) });
    const failing = failedRequests(origin, before);
    expect({ errors: report.errors, failing }).toEqual({ errors: [], failing: [] });
    expect(report.keySystem).toBe('org.w3.clearkey');
    expect(report.licenceRequests).toBeGreaterThan(0);
    expect(origin.log.slice(before).some((e) => e.path.endsWith('/clearkey') && e.status === 200)).toBe(true);
    expect(report.currentTime).toBeGreaterThanOrEqual(4);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
  });

  it('fails with a wrong key', async () => {
    const kid = Buffer.from(k.keyId.replaceAll('-', ''), 'hex').toString('base64url');
    const report = await run({ clearkeys: { [kid]: Buffer.alloc(16, 0x5a).toString('base64url') } });
    // ClearKey cannot tell a wrong key: what it decrypts to fails in the decoder.
    expect(report.errors.some((e) => e.includes('PIPELINE_ERROR_DECODE'))).toBe(true);
    expect(report.currentTime).toBeLessThan(4);
  });

  it('fails at the licence request without a token (401)', async () => {
    const before = origin.log.length;
    const report = await run({});
    expect(report.errors.some((e) => e.includes('(401)'))).toBe(true);
    expect(origin.log.slice(before).some((e) => e.path.endsWith('/clearkey') && e.status === 401)).toBe(true);
    expect(report.currentTime).toBeLessThan(4);
  });
});
