/**
 * Issue 12, item 1: a TS segment's size follows the timeline (PCR packets every 100 ms), so a corrupt
 * timeline used to ask for gigabytes per request. Now the builder refuses before it allocates, with a
 * MediaError naming the file (the origin answers 415 and keeps serving).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TS_SEGMENT_BYTES } from '../../../../packaging-core/mp2t/segment-limit.ts';
import { buildTsSegment } from '../../../../packaging-core/mp2t/ts-segment.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { syntheticAudio, syntheticVideo } from './synthetic-tracks.ts';

let dir: string;
let video: PresentationTrack;
let audio: PresentationTrack;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ts-limit-'));
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

describe('TS segment size limit', () => {
  it('a 1000-hour gap in muxed audio (6.8 GB of PCR packets) is a MediaError, found before allocating', async () => {
    const before = process.memoryUsage().rss;
    const broken = withGap(audio, 5, 1000 * 3600);
    const build = buildTsSegment({
      video: { track: video, firstSample: 0, endSample: 60 },
      audio: { track: broken, firstSample: 0, endSample: 90 },
    });
    // Caught, not awaited by expect: a wrongly built segment would be printed whole in the failure.
    const err = await build.then(() => new Error('built'), (e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as Error).message).toMatch(/[av]\.mp4 \(track \d+\): this TS segment would need \d+ MiB for its PCR packets, over the 128 MiB limit/);
    expect(process.memoryUsage().rss - before).toBeLessThan(MAX_TS_SEGMENT_BYTES);
  });

  it('an audio-only segment spanning 30 hours of corrupt time is refused the same way', async () => {
    const build = buildTsSegment({ audio: { track: withGap(audio, 10, 30 * 3600), firstSample: 0, endSample: 60 } });
    const err = await build.then(() => new Error('built'), (e: unknown) => e);
    expect((err as Error).message).toMatch(/over the 128 MiB limit/);
  });

  it('sample sizes adding up past the limit are refused before they are read', async () => {
    const sizes = Uint32Array.from(video.samples.sizes);
    sizes[3] = 0xfffffff0;
    const huge = { ...video, samples: { ...video.samples, sizes } };
    await expect(buildTsSegment({ video: { track: huge, firstSample: 0, endSample: 60 } })).rejects.toThrow(/MiB for its samples/);
  });

  it('a sound segment is built as before', async () => {
    const bytes = await buildTsSegment({ video: { track: video, firstSample: 0, endSample: 60 }, audio: { track: audio, firstSample: 0, endSample: 90 } });
    expect(bytes.length % 188).toBe(0);
    expect(bytes.length).toBeLessThan(200_000);
  });
});
