/**
 * TS segments through the real handler, cached and streamed:
 *  - with a cache too small for the segments requested, buffers are evicted and recycled while other
 *    responses still write them;
 *  - with the cache off, every segment is streamed as it is built, its chunks recycled as the socket
 *    takes them, while slow clients hold theirs;
 * and some clients hang up mid-response. Every completed response must still carry exactly the bytes of
 * a fresh build, whole or as a Range.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOriginHandler, type OriginHandler } from '../../../../packaging-core/server/origin-handler.ts';
import { buildTsSegment } from '../../../../packaging-core/mp2t/ts-segment.ts';
import type { Presentation, PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { syntheticVideo } from '../mp2t/synthetic-tracks.ts';

const LOCATOR = 'a1a1a1a1-0000-4000-8000-000000000001';
let dir: string;
let video: PresentationTrack;
const PER_SEGMENT = 3;
interface Origin {
  server: Server;
  handler: OriginHandler;
  port: number;
}
const origins = new Map<string, Origin>();
/** The origin the requests below go to. */
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ts-cache-'));
  // 10 two-second fragments of ~2.7 MB: TS segments of ~8 MB, more than loopback socket buffers hold,
  // so a paused client keeps the origin's buffer in use.
  video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 600, gop: 60, sliceSize: 40_000 });
  await writeFile(path.join(dir, 'a.ism'), '<smil/>');
  const presentation: Presentation = {
    folder: dir,
    ismName: 'a.ism',
    video: [video],
    audio: [],
    durationTicks: 200_000_000,
    fragmentsPerHlsSegment: PER_SEGMENT,
    version: 'v1',
  };
  for (const [name, segmentCacheBytes] of [
    // Room for about two segments: constant eviction under the load below.
    ['cached', 20 << 20],
    ['streamed', 0],
  ] as const) {
    const handler = createOriginHandler({
      resolveLocator: (id) => (id === LOCATOR ? { folder: dir, protocols: new Set(['hls'] as const) } : null),
      presentations: () => Promise.resolve(presentation),
      segmentCacheBytes,
    });
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origins.set(name, { server, handler, port: (server.address() as AddressInfo).port });
  }
});
afterAll(async () => {
  for (const { server, handler } of origins.values()) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await handler.close();
  }
  await rm(dir, { recursive: true, force: true });
});

function segmentPath(fragment: number): string {
  const time = video.fragments.startTicks[fragment]!;
  return `/${LOCATOR}/a.ism/QualityLevels(${video.bitrate})/Fragments(video=${time},format=m3u8-aapl)`;
}

interface Fetch {
  /** The body, or null when this client hung up on purpose. */
  readonly body: Promise<Buffer | null>;
  /** Lets a paused client read on. */
  resume(): void;
}

/** A client that stops reading after the first chunk until resumed, or hangs up there. */
function get(p: string, mode: 'read' | 'pause' | 'abort'): Fetch {
  let resume = (): void => undefined;
  const body = new Promise<Buffer | null>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (chunks.length === 1 && mode === 'abort') {
          req.destroy();
          resolve(null);
        } else if (chunks.length === 1 && mode === 'pause') {
          res.pause();
        }
      });
      resume = () => res.resume();
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', () => resolve(null));
    });
    req.on('error', (err) => (mode === 'abort' ? resolve(null) : reject(err)));
    req.end();
  });
  return { body, resume: () => resume() };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectedSegments(starts: number[]): Promise<Map<number, Buffer>> {
  const expected = new Map<number, Buffer>();
  for (const f of starts) {
    const f0 = video.fragments.firstSample;
    const end = Math.min(f + PER_SEGMENT, f0.length - 1);
    const bytes = await buildTsSegment({ video: { track: video, firstSample: f0[f]!, endSample: f0[end]! } });
    expected.set(f, Buffer.from(bytes));
  }
  return expected;
}

function fetchWith(p: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: p, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe.each(['cached', 'streamed'])('TS segments (%s) under eviction, recycling and aborted clients', (name) => {
  beforeAll(() => {
    port = origins.get(name)!.port;
  });

  it('answer Range and HEAD requests with the bytes and length of a fresh build', async () => {
    const whole = (await expectedSegments([3])).get(3)!;
    const head = await fetchWith(segmentPath(3), 'HEAD', {});
    expect([head.status, Number(head.headers['content-length']), head.body.length]).toEqual([200, whole.length, 0]);
    // A range across the streamed chunks (376 KiB each), and one inside the last.
    for (const [start, end] of [[100_000, 1_000_000], [whole.length - 500, whole.length - 1]] as const) {
      const part = await fetchWith(segmentPath(3), 'GET', { range: `bytes=${start}-${end}` });
      expect(part.status).toBe(206);
      expect(part.body.equals(whole.subarray(start, end + 1)), `bytes ${start}-${end}`).toBe(true);
    }
  });

  it('answers every request with the bytes of a fresh build', async () => {
    const starts = [0, 3, 6, 9];
    const expected = await expectedSegments(starts);
    for (let round = 0; round < 3; round++) {
      // Slow readers hold every segment's buffer while others evict, recycle and rebuild them.
      const slow = starts.map((f) => ({ f, fetch: get(segmentPath(f), 'pause') }));
      await tick(50);
      const busy = Array.from({ length: 12 }, (_, k) => {
        const f = starts[(k + round) % starts.length]!;
        return { f, fetch: get(segmentPath(f), k % 3 === 2 ? 'abort' : 'read') };
      });
      for (const { f, fetch } of busy) {
        const body = await fetch.body;
        if (body) expect(body.equals(expected.get(f)!), `segment at fragment ${f}, round ${round}`).toBe(true);
      }
      for (const { fetch } of slow) fetch.resume();
      for (const { f, fetch } of slow) {
        const body = await fetch.body;
        expect(body?.equals(expected.get(f)!), `slow read of the segment at fragment ${f}, round ${round}`).toBe(true);
      }
    }
    expect(origins.get(name)!.handler.memory().segmentCacheBytes).toBeLessThanOrEqual(name === 'cached' ? 20 << 20 : 0);
    // A correctness test: ~50 builds of 8 MB segments take seconds on a busy shared machine, so it gets
    // time enough; the speed of the TS path is measured by npm run bench:origin.
  }, 120_000);
});
