/**
 * The origin behind a real caching reverse proxy (nginx proxy_cache), as architecture.md's "Scale"
 * promises: segments and manifests are served from the cache after the first request (the origin sees
 * one request), Range requests are answered from the cached copy, 404s are cached briefly, and errors
 * marked no-store are never cached. This is what makes many `serve` processes behind a CDN work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX) console.warn('SKIP caching-proxy: nginx is not installed (apt-get install nginx-light; .ci/run does)');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!NGINX)('origin behind a caching proxy (nginx)', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let dir = '';
  let nginx: ChildProcess;
  let proxy = '';

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    dir = await mkdtemp(path.join(tmpdir(), 'nginx-cache-'));
    for (const d of ['cache', 'tmp']) await mkdir(path.join(dir, d));
    const port = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    await writeFile(
      conf,
      // As root, nginx's workers would drop to 'nobody' and could not write the private temp cache.
      `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
worker_processes 1;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=origin:1m max_size=200m inactive=10m use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${origin.base};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache origin;
      proxy_cache_revalidate on;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`,
    );
    nginx = spawn(NGINX!, ['-p', dir, '-c', conf], { stdio: 'ignore' });
    proxy = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`${proxy}/crossdomain.xml`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    if (process.env.KEEP_NGINX_LOG) console.log(await import('node:fs/promises').then((f) => f.readFile(path.join(dir, 'error.log'), 'utf8')).catch(() => ''));
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
