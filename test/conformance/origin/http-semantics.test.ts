import { request } from 'node:http';
import { symlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// Raw HTTP (not fetch): the test needs exact control of the path (no normalisation of `..`).
function get(base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Res> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('origin HTTP semantics', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  const loc = `/${TEST_LOCATOR}`;
  let ism: string;

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    ism = `${loc}/${fx.ismName}`;
  });
  afterAll(async () => {
    await origin?.close();
  });

  it('answers each manifest with its content type, CORS and a short cache lifetime', async () => {
    const cases: [string, string][] = [
      ['manifest(format=m3u8-aapl)', 'application/vnd.apple.mpegurl'],
      ['manifest(format=m3u8-aapl-v3)', 'application/vnd.apple.mpegurl'],
      ['manifest(format=m3u8-cmaf)', 'application/vnd.apple.mpegurl'],
      ['manifest(format=mpd-time-csf)', 'application/dash+xml'],
      ['manifest(format=mpd-time-cmaf)', 'application/dash+xml'],
      ['manifest', 'application/vnd.ms-sstr+xml'],
      ['Manifest(format=fmp4-v20)', 'application/vnd.ms-sstr+xml'],
      ['manifest(format=mpd-time-csf).mpd', 'application/dash+xml'],
      ['manifest(format=m3u8-aapl,%20audio-only=false,).m3u8', 'application/vnd.apple.mpegurl'],
    ];
    for (const [tail, type] of cases) {
      const r = await get(origin.base, `${ism}/${tail}`, { origin: 'http://player.example' });
      expect(r.status, tail).toBe(200);
      expect(r.headers['content-type'], tail).toBe(type);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['cache-control']).toBe('max-age=60');
      expect(r.headers['etag']).toMatch(/^".+"$/);
    }
  });

  it('serves segments with long caching, Range (206/416, open-ended) and HEAD', async () => {
    const seg = `${ism}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Fragments(video=0,format=mpd-time-csf)`;
    const full = await get(origin.base, seg);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(full.headers['cache-control']).toBe('max-age=31536000');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(Number(full.headers['content-length'])).toBe(full.body.length);

    const open = await get(origin.base, seg, { range: 'bytes=0-' });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes 0-${full.body.length - 1}/${full.body.length}`);
    expect(open.body.equals(full.body)).toBe(true);

    const mid = await get(origin.base, seg, { range: 'bytes=100-299' });
    expect(mid.status).toBe(206);
    expect(mid.body.equals(full.body.subarray(100, 300))).toBe(true);

    const tail = await get(origin.base, seg, { range: 'bytes=-50' });
    expect(tail.body.equals(full.body.subarray(full.body.length - 50))).toBe(true);

    const bad = await get(origin.base, seg, { range: `bytes=${full.body.length + 10}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${full.body.length}`);

    const head = await get(origin.base, seg, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(full.body.length);
  });

  it('answers If-None-Match with 304 and gives the same bytes for the same request', async () => {
    const seg = `${ism}/QualityLevels(${fx.videoFiles[1]!.bitrate})/Fragments(video=20000000,format=m3u8-aapl)`;
    const a = await get(origin.base, seg);
    const b = await get(origin.base, seg);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('video/MP2T');
    expect(a.body.equals(b.body)).toBe(true);
    expect(a.headers.etag).toBe(b.headers.etag);
    const c = await get(origin.base, seg, { 'if-none-match': String(a.headers.etag) });
    expect(c.status).toBe(304);
    expect(c.body.length).toBe(0);
  });

  it('answers CORS preflight allowing Range', async () => {
    const r = await get(origin.base, `${ism}/manifest`, { origin: 'http://x', 'access-control-request-headers': 'range' }, 'OPTIONS');
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(String(r.headers['access-control-allow-headers'])).toMatch(/Range/);
    expect(String(r.headers['access-control-allow-methods'])).toMatch(/GET, HEAD/);
    expect(String(r.headers['access-control-expose-headers'])).toMatch(/Content-Range/);
  });

  it('serves the cross-site policy files and progressive download', async () => {
    expect((await get(origin.base, '/crossdomain.xml')).body.toString()).toContain('cross-domain-policy');
    expect((await get(origin.base, '/clientaccesspolicy.xml')).body.toString()).toContain('access-policy');
    const file = path.basename(fx.videoFiles[2]!.file);
    const dl = await get(origin.base, `${loc}/${file}`, { range: 'bytes=0-7' });
    expect(dl.status).toBe(206);
    expect(dl.body.subarray(4, 8).toString()).toBe('ftyp');
  });

  it('maps unknown locators, tracks, bitrates and times to 404, forbidden formats to 403', async () => {
    const expectStatus = async (p: string, status: number, code?: string) => {
      const r = await get(origin.base, p);
      expect(r.status, p).toBe(status);
      expect(r.headers['access-control-allow-origin'], p).toBe('*');
      expect(r.body.toString(), p).not.toMatch(/\n\s+at /); // never a stack trace
      if (code) expect(r.body.toString(), p).toContain(code);
    };
    await expectStatus(`/00000000-0000-0000-0000-000000000000/${fx.ismName}/manifest`, 404, 'MPE_RESOURCE_NOT_FOUND');
    await expectStatus(`${loc}/nope.ism/manifest`, 404);
    await expectStatus(`${ism}/QualityLevels(123)/Fragments(video=0,format=mpd-time-csf)`, 404, 'MPE_MANIFEST_MEDIA_ENTRY_NOT_FOUND');
    await expectStatus(`${ism}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Fragments(video=1,format=mpd-time-csf)`, 404, 'MPE_FRAGMENT_TIMESTAMP_NOT_FOUND');
    await expectStatus(`${ism}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Fragments(nope=0,format=mpd-time-csf)`, 404);

    origin.locators.set('11111111-2222-3333-4444-555555555555', { folder: fx.folder, protocols: new Set(['dash']) });
    await expectStatus(`/11111111-2222-3333-4444-555555555555/${fx.ismName}/manifest(format=m3u8-aapl)`, 403, 'MPE_OUTPUT_FORMAT_BLOCKED');
    await expectStatus(`/11111111-2222-3333-4444-555555555555/${path.basename(fx.videoFiles[0]!.file)}`, 403);
    origin.locators.set('22222222-2222-3333-4444-555555555555', { folder: fx.folder, protocols: new Set(['dash']), end: new Date(Date.now() - 1000) });
    await expectStatus(`/22222222-2222-3333-4444-555555555555/${fx.ismName}/manifest(format=mpd-time-csf)`, 404);
    origin.locators.set('33333333-2222-3333-4444-555555555555', { folder: fx.folder, protocols: new Set(['dash']), start: new Date(Date.now() + 60_000) });
    await expectStatus(`/33333333-2222-3333-4444-555555555555/${fx.ismName}/manifest(format=mpd-time-csf)`, 404);
  });

  it('gives hostile and malformed URLs a 4xx and stays up', async () => {
    const link = path.join(fx.folder, 'escape.mp4');
    await rm(link, { force: true });
    await symlink('/etc/passwd', link);
    try {
      const hostile = [
        `${loc}/../../../../etc/passwd`,
        `${loc}/..%2f..%2f..%2fetc%2fpasswd`,
        `${loc}/%2e%2e/%2e%2e/etc/passwd`,
        `${loc}/escape.mp4`,
        `${loc}/${fx.ismName}`,
        `${loc}/${fx.ismName}c`,
        `${ism}/manifest(format=nope)`,
        `${ism}/manifest(format=m3u8-aapl`,
        `${ism}/manifest(format=m3u8-aapl,filter=a;b;c;d)`,
        `${ism}/QualityLevels(abc)/Fragments(video=0)`,
        `${ism}/QualityLevels(1)/Fragments(video=-5)`,
        `${ism}/QualityLevels(1)/Fragments(video=99999999999999999999999999)`,
        `${ism}/QualityLevels(1)/Fragments(video=0,format=m3u8-aapl)/extra`,
        `${ism}/%00/manifest`,
        `${ism}/manifest(format=m3u8-aapl)%`,
        `/not-a-guid/${fx.ismName}/manifest`,
        `/`,
        `/${'a'.repeat(5000)}`,
        `${ism}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Fragments(video=i,format=m3u8-aapl)`,
        `${ism}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Manifest(video,format=mpd-time-csf)`,
      ];
      for (const p of hostile) {
        const r = await get(origin.base, p);
        expect(r.status, p).toBeGreaterThanOrEqual(400);
        expect(r.status, p).toBeLessThan(500);
        expect(r.body.toString(), p).not.toContain('root:');
      }
      const post = await get(origin.base, `${ism}/manifest`, {}, 'POST');
      expect(post.status).toBe(405);
      expect((await get(origin.base, `${ism}/manifest`)).status).toBe(200);
      expect(origin.errors).toEqual([]);
    } finally {
      await rm(link, { force: true });
    }
  });
});
