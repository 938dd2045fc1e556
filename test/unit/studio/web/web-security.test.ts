import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../../electron/studio/api/dispatch.ts';
import { startWebServer, type WebServer } from '../../../../electron/studio/web/web-server.ts';

// Raw requests (not fetch) so the test can forge Host and Origin as an attacker's page would.
function call(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web mode guards', () => {
  let dir: string;
  let web: WebServer;
  const handlers = {
    'app.info': async () => ({ name: 'Origin Studio', version: '9', host: 'web' as const }),
  } as unknown as Handlers;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'web-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    web = await startWebServer({ handlers, rendererDir: dir, token: 'secret-token' });
  });
  afterAll(async () => {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  });

  const host = () => ({ host: `127.0.0.1:${web.port}` });
  const api = (headers: Record<string, string>) =>
    call(web.port, { method: 'POST', path: '/api/app.info', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('binds to loopback only and prints a URL carrying the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=secret-token`);
    expect((web.server.address() as { address: string }).address).toBe('127.0.0.1');
  });
  it('answers a call with the right token', async () => {
    const r = await api({ ...host(), authorization: 'Bearer secret-token' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { name: 'Origin Studio', version: '9', host: 'web' } });
  });
  it('refuses a missing or wrong token', async () => {
    expect((await api(host())).status).toBe(401);
    expect((await api({ ...host(), authorization: 'Bearer secret-tokem' })).status).toBe(401);
    expect((await api({ ...host(), authorization: 'secret-token' })).status).toBe(401);
  });
  it('refuses a foreign Host (DNS rebinding)', async () => {
    const r = await api({ host: `evil.example:${web.port}`, authorization: 'Bearer secret-token' });
    expect(r.status).toBe(421);
    expect((await call(web.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
  });
  it('refuses a foreign Origin (cross-site calls)', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${web.port + 1}`]) {
      const r = await api({ ...host(), origin, authorization: 'Bearer secret-token' });
      expect(r.status).toBe(403);
    }
    const same = await api({ ...host(), origin: `http://127.0.0.1:${web.port}`, authorization: 'Bearer secret-token' });
    expect(same.status).toBe(200);
  });
  it('validates operations and inputs', async () => {
    const auth = { ...host(), authorization: 'Bearer secret-token', 'content-type': 'application/json' };
    expect((await call(web.port, { method: 'POST', path: '/api/no.such', headers: auth, body: '{}' })).status).toBe(404);
    expect((await call(web.port, { method: 'POST', path: '/api/app.info', headers: auth, body: '{"x":1}' })).status).toBe(400);
    expect((await call(web.port, { method: 'POST', path: '/api/app.info', headers: auth, body: '{' })).status).toBe(400);
  });
  it('serves the renderer with a CSP and never a file outside it', async () => {
    const page = await call(web.port, { path: '/', headers: host() });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const r = await call(web.port, { path: p, headers: host() });
      expect(r.body).not.toContain('root:');
    }
  });
});
