import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploadRoute, safeUploadName } from '../../../../electron/studio/web/upload-route.ts';
import { listen } from '../../../helpers/static-server.ts';

describe('web mode upload route', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof listen>>;
  let base: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'upload-route-'));
    const route = createUploadRoute({ uploadsDir: dir, token: () => 'secret' });
    server = await listen((req, res) => {
      void route(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    base = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the body into the uploads folder under the given name and returns its path', async () => {
    const body = Buffer.alloc(300_000, 7);
    const res = await fetch(`${base}/upload?name=${encodeURIComponent('my clip.mp4')}`, { method: 'POST', headers: { authorization: 'Bearer secret' }, body });
    const reply = (await res.json()) as { ok: boolean; value: { path: string } };
    expect(res.status).toBe(200);
    expect(path.basename(reply.value.path)).toBe('my clip.mp4');
    expect(reply.value.path.startsWith(dir + path.sep)).toBe(true);
    expect((await readFile(reply.value.path)).equals(body)).toBe(true);
  });

  it('refuses a missing token and other methods, and leaves other paths alone', async () => {
    const before = await readdir(dir);
    expect((await fetch(`${base}/upload?name=x.mp4`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await fetch(`${base}/upload?name=x.mp4`, { method: 'POST', headers: { authorization: 'Bearer wrong!' }, body: 'x' })).status).toBe(401);
    expect((await fetch(`${base}/upload`)).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect(await readdir(dir)).toEqual(before);
  });

  it('keeps names to one safe path segment', () => {
    expect(safeUploadName('../../etc/passwd')).toBe('passwd');
    expect(safeUploadName('C:\\Users\\me\\film.mov')).toBe('film.mov');
    expect(safeUploadName('..')).toBe('upload');
    expect(safeUploadName('été <1>.mp4')).toBe('été _1_.mp4');
  });
});
