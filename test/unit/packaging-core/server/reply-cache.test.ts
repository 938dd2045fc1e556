/**
 * Manifests, playlists and init segments are answered from the rendered-reply cache (issue 11: no
 * re-render per request): the same bytes and ETag again, a new presentation (asset or filter changed)
 * answered anew, and the cache bounded by bytes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOriginHandler, type OriginHandler } from '../../../../packaging-core/server/origin-handler.ts';
import type { Presentation } from '../../../../packaging-core/types/media.ts';
import { fakePresentation } from '../manifest/fake-presentation.ts';

const LOCATOR = 'c1c1c1c1-0000-4000-8000-000000000001';
let dir: string;
let current: Presentation;
let server: Server;
let handler: OriginHandler;
let port: number;

function presentation(durationSec: number, version: string): Presentation {
  return { ...fakePresentation({ durationSec }), folder: dir, ismName: 'a.ism', version };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reply-cache-'));
  await writeFile(path.join(dir, 'a.ism'), '<smil/>');
  current = presentation(13, 'v1');
  handler = createOriginHandler({
    resolveLocator: (id) => (id === LOCATOR ? { folder: dir, protocols: new Set(['hls', 'dash', 'smooth'] as const) } : null),
    presentations: () => Promise.resolve(current),
    replyCacheBytes: 16 << 10,
  });
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await handler.close();
  await rm(dir, { recursive: true, force: true });
});

function get(p: string): Promise<{ status: number; etag: string; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: `/${LOCATOR}/a.ism/${p}` }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag), type: String(res.headers['content-type']), body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('rendered replies (manifests, playlists, init segments)', () => {
  it('answers a repeated request from the cache, and a changed presentation anew', async () => {
    const before = handler.memory().replyCacheBytes;
    const a = await get('manifest(format=mpd-time-csf)');
    expect(a.status).toBe(200);
    const afterFirst = handler.memory().replyCacheBytes;
    expect(afterFirst - before).toBeGreaterThanOrEqual(a.body.length);
    const b = await get('manifest(format=mpd-time-csf)');
    expect([b.etag, b.type, b.body.equals(a.body)]).toEqual([a.etag, a.type, true]);
    expect(handler.memory().replyCacheBytes).toBe(afterFirst); // no second entry

    const bitrate = current.video[0]!.bitrate;
    const init = await get(`QualityLevels(${bitrate})/Fragments(video=i,format=mpd-time-cmaf)`);
    expect([init.status, init.type]).toEqual([200, 'video/mp4']);
    expect(handler.memory().replyCacheBytes).toBeGreaterThanOrEqual(afterFirst + init.body.length);
    expect((await get(`QualityLevels(${bitrate})/Fragments(video=i,format=mpd-time-cmaf)`)).body.equals(init.body)).toBe(true);

    // The asset changed: a new presentation object, a new version.
    current = presentation(21, 'v2');
    const c = await get('manifest(format=mpd-time-csf)');
    expect(c.etag).not.toBe(a.etag);
    expect(c.etag.startsWith('"v2-')).toBe(true);
    expect(c.body.toString()).toContain('PT21S');
    expect(a.body.toString()).not.toContain('PT21S');
  });

  it('stays within its byte bound', async () => {
    let answered = 0;
    for (let round = 0; round < 3; round++) {
      // Each round is a new presentation: every answer is new.
      current = presentation(60 + round, `r${round}`);
      for (const format of ['m3u8-aapl', 'm3u8-cmaf', 'mpd-time-cmaf', 'mpd-time-csf', 'smooth']) {
        answered += (await get(format === 'smooth' ? 'manifest' : `manifest(format=${format})`)).body.length;
      }
      for (const v of current.video) answered += (await get(`QualityLevels(${v.bitrate})/Manifest(video,format=m3u8-aapl)`)).body.length;
    }
    expect(answered).toBeGreaterThan(2 * (16 << 10));
    expect(handler.memory().replyCacheBytes).toBeLessThanOrEqual(16 << 10);
  });
});
