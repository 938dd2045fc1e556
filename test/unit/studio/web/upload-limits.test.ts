/**
 * Issue 12, items 6 and 8 (web mode uploads): a size limit, free space checked before and during the
 * upload (stopped before the disk fills, clear error, nothing left behind), long names keep their
 * extension, Windows device names refused.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploadRoute, safeUploadName } from '../../../../electron/studio/web/upload-route.ts';
import type { UploadLimits } from '../../../../electron/studio/web/upload-limits.ts';
import { listen } from '../../../helpers/static-server.ts';

const MB = 1024 * 1024;

/** Posts `size` bytes in 1 MiB chunks, without Content-Length when `chunked`. */
function upload(base: string, name: string, size: number, chunked: boolean): Promise<{ status: number; body: { ok: boolean; error?: { code: string; message: string } } }> {
  const u = new URL(`${base}/upload?name=${encodeURIComponent(name)}`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { authorization: 'Bearer secret', ...(!chunked && { 'content-length': String(size) }) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
      },
    );
    req.on('error', (err) => (/ECONNRESET|EPIPE|socket hang up/.test(err.message) ? undefined : reject(err)));
    let sent = 0;
    Readable.from(
      (function* () {
        while (sent < size) {
          const n = Math.min(MB, size - sent);
          sent += n;
          yield Buffer.alloc(n, 1);
        }
      })(),
    )
      .on('error', () => undefined)
      .pipe(req);
  });
}

describe('web mode upload limits', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof listen>>;
  let base: string;
  /** The simulated disk: free space shrinks as the uploads folder grows. */
  let diskFree = 0;
  const limits: Partial<UploadLimits> = { maxBytes: 64 * MB, reserveBytes: 100 * MB, freeBytes: async () => diskFree };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'upload-limits-'));
    const route = createUploadRoute({ uploadsDir: dir, token: () => 'secret', limits });
    server = await listen((req, res) => void route(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')));
    base = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes an upload within the limit and the free space', async () => {
    diskFree = 10_000 * MB;
    const r = await upload(base, 'clip.mp4', 3 * MB, false);
    expect(r.status).toBe(200);
  });

  it('refuses an announced size over the limit before the first byte (413), leaving nothing', async () => {
    diskFree = 10_000 * MB;
    const before = await readdir(dir);
    const r = await upload(base, 'big.mp4', 65 * MB, false);
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toMatch(/larger than the 64 MB upload limit/);
    expect(await readdir(dir)).toEqual(before);
  });

  it('stops a streamed (chunked) upload when it passes the limit, leaving nothing', async () => {
    diskFree = 10_000 * MB;
    const before = await readdir(dir);
    const r = await upload(base, 'stream.mp4', 80 * MB, true);
    expect(r.status).toBe(413);
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses an upload that would leave less than the reserve free (507)', async () => {
    diskFree = 120 * MB;
    const before = await readdir(dir);
    const r = await upload(base, 'fill.mp4', 30 * MB, false);
    expect(r.status).toBe(507);
    expect(r.body.error).toMatchObject({ code: 'disk-full', message: expect.stringMatching(/Not enough free disk space .*120 MB free, and 100 MB must stay free/) });
    expect(await readdir(dir)).toEqual(before);
  });

  it('stops a chunked upload when the disk fills while it streams, before the reserve is reached', async () => {
    diskFree = 130 * MB; // enough to start; at 32 MiB the next step could pass the 100 MB reserve
    const before = await readdir(dir);
    const r = await upload(base, 'grow.mp4', 60 * MB, true);
    expect(r.status).toBe(507);
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses Windows device names with a clear error (400)', async () => {
    diskFree = 10_000 * MB;
    for (const name of ['CON', 'nul.mp4', 'COM1.mov', 'lpt9', 'Aux.M4A']) {
      expect(() => safeUploadName(name), name).toThrow(/device name on Windows/);
    }
    const r = await upload(base, 'NUL.mp4', 1024, false);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('invalid-name');
    expect(safeUploadName('console.mp4')).toBe('console.mp4');
    expect(safeUploadName('CONTROL.mov')).toBe('CONTROL.mov');
  });

  it('keeps the extension of names over 120 characters', () => {
    const long = `${'a very long holiday film title '.repeat(8)}.mp4`;
    const kept = safeUploadName(long);
    expect(kept.length).toBeLessThanOrEqual(120);
    expect(kept.endsWith('.mp4')).toBe(true);
    expect(safeUploadName(`${'x'.repeat(200)}.tar.gz`)).toMatch(/^x+\.gz$/);
    expect(safeUploadName('film.mp4. . ')).toBe('film.mp4');
  });
});
