/**
 * Issue 12, items 3 and 8 (origin side): what a request may not change. A forged Host header does not
 * reach the MPD's licence URL (a shared cache would hand it to every viewer); a weak validator still
 * gets a 304; asking a clear locator for encryption is refused instead of answered with clear bytes.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOriginHandler, PresentationCache } from '../../../packaging-core/index.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { protectionOf, testKey } from '../encryption/protected-locator.ts';
import { listen } from '../../helpers/static-server.ts';

const PROTECTED = 'cccccccc-0000-4000-8000-000000000001';

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const laurl = (mpd: string) => /<dashif:Laurl>([^<]+)<\/dashif:Laurl>/.exec(mpd)?.[1];

describe('what a request cannot change', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    origin.locators.set(PROTECTED, { folder: fx.folder, protocols: new Set(['dash', 'hls', 'smooth']), protection: protectionOf(testKey(), ['cenc', 'cbcs']) });
  });
  afterAll(() => origin?.close());

  it('a Host: evil.example request does not change the MPD or its licence URL', async () => {
    const mpdPath = `/${PROTECTED}/${fx.ismName}/manifest(format=mpd-time-csf)`;
    const honest = await get(origin.base, mpdPath);
    const forged = await get(origin.base, mpdPath, { host: 'evil.example' });
    expect(honest.status).toBe(200);
    expect(laurl(honest.body)).toBe(`${origin.base}/keys/${PROTECTED}/clearkey`);
    expect(forged.status).toBe(200);
    expect(forged.body).toBe(honest.body);
    expect(forged.etag).toBe(honest.etag);
    expect(forged.body).not.toContain('evil.example');
  });

  it('the licence URL comes from the configured host name when there is one', async () => {
    const cache = new PresentationCache();
    const handler = createOriginHandler({
      resolveLocator: (id) => origin.locators.get(id) ?? null,
      presentations: (folder, ism) => cache.get(folder, ism),
      baseUrl: 'https://media.example.com/',
    });
    const server = await listen(handler);
    try {
      const r = await get(server.url, `/${PROTECTED}/${fx.ismName}/manifest(format=mpd-time-cmaf)`, { host: 'evil.example' });
      expect(laurl(r.body)).toBe(`https://media.example.com/keys/${PROTECTED}/clearkey`);
    } finally {
      await server.close();
      await handler.close();
    }
  });

  it('the request log keeps no token (query or Authorization)', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.c2lnbmF0dXJl';
    await get(origin.base, `/${TEST_LOCATOR}/${fx.ismName}/manifest(format=m3u8-aapl)?token=${jwt}`, { authorization: `Bearer ${jwt}` });
    await get(origin.base, `/keys/${PROTECTED}/clearkey?token=${jwt}`);
    const logged = origin.log.map((e) => e.path).filter((p) => p.includes('token='));
    expect(logged.length).toBeGreaterThan(0);
    for (const p of logged) expect(p).toMatch(/token=\[redacted\]/);
    expect(JSON.stringify(origin.log)).not.toContain(jwt);
  });

  it('a weak validator (If-None-Match: W/"…") gets a 304, as a strong one does', async () => {
    const seg = `/${TEST_LOCATOR}/${fx.ismName}/QualityLevels(${fx.videoFiles[2]!.bitrate})/Fragments(video=0,format=mpd-time-csf)`;
    const first = await get(origin.base, seg);
    expect(first.status).toBe(200);
    expect((await get(origin.base, seg, { 'if-none-match': `W/${first.etag}` })).status).toBe(304);
    expect((await get(origin.base, seg, { 'if-none-match': `"other", W/${first.etag}` })).status).toBe(304);
    expect((await get(origin.base, seg, { 'if-none-match': 'W/"other"' })).status).toBe(200);
  });

  it.each([
    ['manifest(format=mpd-time-csf,encryption=cenc)'],
    ['manifest(format=m3u8-aapl,encryption=cbc)'],
    [`QualityLevels(${128000})/Fragments(aac_eng_2_128000=0,format=mpd-time-csf,encryption=cenc)`],
  ])('encryption= on a clear locator is a 403, not clear bytes: %s', async (tail) => {
    const r = await get(origin.base, `/${TEST_LOCATOR}/${fx.ismName}/${tail}`);
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/MPE_ENC_ENCRYPTION_NOT_SUPPORTED: encryption=\w+ is not available: .*clear/);
  });
});
