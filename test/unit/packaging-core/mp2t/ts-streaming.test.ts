/**
 * TS segments stream out while they are built, in bounded memory whatever their size (issue 11; this
 * replaced issue 12's 128 MiB cap per segment). A segment's size follows its timeline (PCR packets
 * every 100 ms) and its samples, so a long gap or a huge rendition makes a big segment: it is planned
 * (exact size first, for Content-Length) and written in chunks, the samples read window by window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketOutput } from '../../../../packaging-core/mp2t/packetizer.ts';
import { buildTsSegment, planTsSegment, type TsSegmentInput } from '../../../../packaging-core/mp2t/ts-segment.ts';
import { streamedTsPart, TS_CHUNK_BYTES } from '../../../../packaging-core/mp2t/stream-segment.ts';
import { byteArena } from '../../../../packaging-core/io/copy-arena.ts';
import { StreamClosed } from '../../../../packaging-core/types/body.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { syntheticAudio, syntheticVideo } from './synthetic-tracks.ts';

let dir: string;
let video: PresentationTrack;
let audio: PresentationTrack;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ts-stream-'));
  video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 120, gop: 60, sliceSize: 300 });
  audio = await syntheticAudio(path.join(dir, 'a.mp4'), 4);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The track with one decode time pushed `seconds` later (what a corrupt stts delta does). */
function withGap(track: PresentationTrack, at: number, seconds: number): PresentationTrack {
  const dts = Float64Array.from(track.samples.dts);
  for (let i = at; i < dts.length; i++) dts[i]! += seconds * track.timescale;
  return { ...track, samples: { ...track.samples, dts } };
}

/** Chunks of `chunkBytes` from a small ring (reused once handed on); copies kept when `keep`. */
function chunkedOutput(chunkBytes: number, keep: boolean) {
  const ring = Array.from({ length: 3 }, () => Buffer.alloc(chunkBytes));
  let n = 0;
  const seen = { bytes: 0, packets: 0, badSync: 0, chunks: [] as Buffer[] };
  const output: PacketOutput = {
    next: () => ring[n++ % ring.length]!,
    filled(buffer, length) {
      for (let p = 0; p < length; p += 188) {
        if (buffer[p] !== 0x47) seen.badSync++;
        seen.packets++;
      }
      seen.bytes += length;
      if (keep) seen.chunks.push(Buffer.from(buffer.subarray(0, length)));
    },
  };
  return { output, seen };
}

/** Where two byte strings first differ (-1: equal); a readable failure, unlike a 100 KB diff. */
function firstDifference(a: Buffer, b: Buffer): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

async function streamed(input: TsSegmentInput, windowBytes: number, chunkBytes: number): Promise<Buffer> {
  const plan = await planTsSegment(input, { windowBytes });
  const { output, seen } = chunkedOutput(chunkBytes, true);
  try {
    await plan.write(output, () => Promise.resolve());
  } finally {
    plan.close();
  }
  expect(seen.bytes).toBe(plan.size);
  return Buffer.concat(seen.chunks);
}

describe('streamed TS segments', () => {
  it('are the same bytes whether built whole or streamed in chunks from small sample windows', async () => {
    const input = { video: { track: video, firstSample: 0, endSample: 120 }, audio: { track: audio, firstSample: 0, endSample: 180 } };
    const whole = Buffer.from(await buildTsSegment(input));
    // 2 KiB windows: each is a handful of samples, so the segment is sized and written window by window.
    expect(firstDifference(await streamed(input, 2048, 188 * 7), whole)).toBe(-1);
    expect(firstDifference(await streamed(input, 1 << 20, 188 * 1000), whole)).toBe(-1);
    const videoOnly = Buffer.from(await buildTsSegment({ video: input.video }));
    expect(firstDifference(await streamed({ video: input.video }, 4096, 188 * 3), videoOnly)).toBe(-1);
  });

  it('streamed to a response (samples and packets in the byte arena, copied by WebAssembly), are the same bytes, and every arena buffer comes back, also when the client goes away', async () => {
    // Slices of 300 bytes and of 9,000 (long runs of whole packets, written in one call each).
    const bigSlices = await syntheticVideo(path.join(dir, 'big.mp4'), { frames: 60, gop: 30, sliceSize: 9000 });
    const arena = byteArena();
    const before = arena.usedBytes;
    for (const v of [video, bigSlices]) {
      const input = { video: { track: v, firstSample: 0, endSample: v.samples.count }, audio: { track: audio, firstSample: 0, endSample: 180 } };
      const whole = Buffer.from(await buildTsSegment(input));
      const chunks: Buffer[] = [];
      let inArena = 0;
      const done: (() => void)[] = [];
      await streamedTsPart(await planTsSegment(input)).write({
        push(bytes, release) {
          if (arena.holds(bytes)) inArena++;
          chunks.push(Buffer.from(bytes));
          done.push(release); // the socket takes them later
          return undefined;
        },
      });
      expect(inArena).toBe(chunks.length);
      expect(firstDifference(Buffer.concat(chunks), whole)).toBe(-1);
      expect(arena.usedBytes).toBeGreaterThan(before); // the chunks the "socket" still holds
      for (const release of done) release();
      expect(arena.usedBytes).toBe(before);
    }

    // The client goes away after the first chunk: the write stops, nothing stays taken.
    const long = { video: { track: video, firstSample: 0, endSample: 120 }, audio: { track: withGap(audio, 5, 600), firstSample: 0, endSample: 180 } };
    const plan = await planTsSegment(long);
    expect(plan.size).toBeGreaterThan(4 * TS_CHUNK_BYTES);
    let pushes = 0;
    await streamedTsPart(plan).write({
      push(_, release) {
        pushes++;
        release();
        return StreamClosed.promise();
      },
    }).catch((err: unknown) => expect(err).toBeInstanceOf(StreamClosed));
    expect(pushes).toBeLessThan(Math.ceil(plan.size / TS_CHUNK_BYTES)); // stopped before the end
    expect(arena.usedBytes).toBe(before);
  });

  it('a 10-hour gap in muxed audio (68 MB of PCR packets) streams in chunks without holding the segment', async () => {
    const broken = withGap(audio, 5, 10 * 3600);
    const input = { video: { track: video, firstSample: 0, endSample: 60 }, audio: { track: broken, firstSample: 0, endSample: 90 } };
    const plan = await planTsSegment(input);
    expect(plan.size).toBeGreaterThan(60e6);
    const { output, seen } = chunkedOutput(188 * 2048, false);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let paced = 0;
    await plan.write(output, () => {
      paced++;
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      return undefined;
    });
    plan.close();
    expect([seen.bytes, seen.badSync]).toEqual([plan.size, 0]);
    expect(seen.packets).toBe(plan.size / 188);
    expect(paced).toBeGreaterThan(80); // the long run of PCR packets is paced too, not only each PES
    expect(peak).toBeLessThan(16 << 20);
  });

  it('a segment too big to build in one buffer says to stream it', async () => {
    const input = { audio: { track: withGap(audio, 10, 60 * 3600), firstSample: 0, endSample: 60 } };
    await expect(buildTsSegment(input)).rejects.toThrow(/streamed, not built in memory/);
  });

  it('a corrupt sample size is a MediaError naming the sample, before anything is read or allocated', async () => {
    const sizes = Uint32Array.from(video.samples.sizes);
    sizes[3] = 0xfffffff0;
    const huge = { ...video, samples: { ...video.samples, sizes } };
    const err = await planTsSegment({ video: { track: huge, firstSample: 0, endSample: 60 } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as Error).message).toMatch(/v\.mp4 \(track \d+\): sample 3 claims 4096 MiB.*sample sizes are corrupt/);
  });
});
