/**
 * The origin behind a real caching reverse proxy (nginx proxy_cache), as architecture.md's "Scale"
 * promises: segments and manifests are served from the cache after the first request (the origin sees
 * one request), Range requests are answered from the cached copy, 404s are cached briefly, and errors
 * marked no-store are never cached. This is what makes many `serve` processes behind a CDN work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { NGINX, startNginxProxy, type NginxProxy } from '../../helpers/nginx-proxy.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';

if (!NGINX) console.warn('SKIP caching-proxy: nginx is not installed (apt-get install nginx-light; .ci/run does)');

describe.skipIf(!NGINX)('origin behind a caching proxy (nginx)', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let dir = '';
  let nginx: NginxProxy | undefined;
  let proxy = '';

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    dir = await mkdtemp(path.join(tmpdir(), 'nginx-cache-'));
    nginx = await startNginxProxy({ dir, origins: [origin.base], locationDirectives: ['proxy_cache_revalidate on;'] });
    proxy = nginx.url;
  });
  afterAll(async () => {
    nginx?.stop();
    if (process.env.KEEP_NGINX_LOG) console.log(await nginx?.errorLog());
    await origin?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const originHits = (p: string) => origin.log.filter((e) => e.path === p).length;

  it('serves a segment from the cache after the first request, byte for byte', async () => {
    const p = `/${TEST_LOCATOR}/${fx.ismName}/QualityLevels(${fx.videoFiles[0]!.bitrate})/Fragments(video=40000000,format=m3u8-aapl)`;
    const a = await fetch(`${proxy}${p}`);
    const first = Buffer.from(await a.arrayBuffer());
    expect(a.headers.get('x-cache-status')).toBe('MISS');
    const b = await fetch(`${proxy}${p}`);
    const second = Buffer.from(await b.arrayBuffer());
    expect(b.headers.get('x-cache-status')).toBe('HIT');
    expect(second.equals(first)).toBe(true);
    expect(b.headers.get('access-control-allow-origin')).toBe('*');
    expect(originHits(p)).toBe(1);

    // A player's Range request is answered from the cached copy.
    const r = await fetch(`${proxy}${p}`, { headers: { range: 'bytes=188-375' } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer()).equals(first.subarray(188, 376))).toBe(true);
    expect(originHits(p)).toBe(1);
  });

  it('caches manifests for their max-age and 404s briefly, never no-store errors', async () => {
    const m = `/${TEST_LOCATOR}/${fx.ismName}/manifest(format=mpd-time-cmaf)`;
    await fetch(`${proxy}${m}`).then((r) => r.text());
    const again = await fetch(`${proxy}${m}`);
    await again.text();
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect(originHits(m)).toBe(1);

    const missing = `/00000000-0000-4000-8000-000000000000/${fx.ismName}/manifest`;
    expect((await fetch(`${proxy}${missing}`)).status).toBe(404);
    const missingAgain = await fetch(`${proxy}${missing}`);
    expect(missingAgain.status).toBe(404);
    expect(missingAgain.headers.get('x-cache-status')).toBe('HIT');

    const bad = `/${TEST_LOCATOR}/${fx.ismName}/manifest(format=nope)`;
    await fetch(`${proxy}${bad}`);
    const badAgain = await fetch(`${proxy}${bad}`);
    expect(badAgain.status).toBe(400);
    expect(badAgain.headers.get('x-cache-status')).not.toBe('HIT');
    expect(originHits(bad)).toBe(2);
  });
});
