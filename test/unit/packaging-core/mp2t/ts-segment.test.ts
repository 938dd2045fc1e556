import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avccToAnnexB } from '../../../../packaging-core/mp2t/annexb.ts';
import { PCR_DELAY_90K, to90k } from '../../../../packaging-core/mp2t/clock.ts';
import { buildTsSegment } from '../../../../packaging-core/mp2t/ts-segment.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { type ParsedTs, parseTs, pesStartDts } from './parse-ts.ts';
import { avcConfig, syntheticAudio, syntheticVideo } from './synthetic-tracks.ts';

let dir: string;
let video: PresentationTrack;
let audio: PresentationTrack;
let videoBytes: Buffer;
let audioBytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mp2t-unit-'));
  video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 200, gop: 60, sliceSize: 700 });
  audio = await syntheticAudio(path.join(dir, 'a.mp4'), 200 / 30);
  const { readFile } = await import('node:fs/promises');
  videoBytes = await readFile(video.file);
  audioBytes = await readFile(audio.file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sampleOf(track: PresentationTrack, bytes: Buffer, i: number): Buffer {
  const o = track.samples.offsets[i]!;
  return bytes.subarray(o, o + track.samples.sizes[i]!);
}

/** The expected ADTS stream of frames [first, end): header from ASC 1190 + raw frame. */
function adtsOf(first: number, end: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = first; i < end; i++) {
    const raw = sampleOf(audio, audioBytes, i);
    const len = raw.length + 7;
    parts.push(
      Buffer.from([0xff, 0xf1, 0x4c, 0x80 | (len >> 11), (len >> 3) & 0xff, ((len & 7) << 5) | 0x1f, 0xfc]),
      raw,
    );
  }
  return Buffer.concat(parts);
}

function pcrs(parsed: ParsedTs): number[] {
  return parsed.packets.filter((p) => p.pcr !== undefined && p.pid === parsed.pcrPid).map((p) => p.pcr!);
}

function expectPcrRules(parsed: ParsedTs): void {
  const values = pcrs(parsed);
  expect(values.length).toBeGreaterThan(0);
  for (let k = 1; k < values.length; k++) {
    expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    expect(values[k]! - values[k - 1]!).toBeLessThanOrEqual(9000);
  }
  // A PCR comes before the first PES, and every PES starts (arrives) before it is decoded.
  let pcr: number | undefined;
  for (const p of parsed.packets) {
    if (p.pcr !== undefined) pcr = p.pcr;
    if (p.unitStart && (p.pid === 0x100 || p.pid === 0x101)) {
      expect(pcr).toBeDefined();
      expect(pcr!).toBeLessThan(pesStartDts(p.payload));
    }
  }
}

describe('buildTsSegment (hand-built tracks)', () => {
  it('video only: PAT, PMT, one PES per frame with Annex B bytes, PTS/DTS on the shared clock', async () => {
    const ts = await buildTsSegment({ video: { track: video, firstSample: 60, endSample: 120 } });
    const parsed = parseTs(ts);
    expect(parsed.packets[0]!.pid).toBe(0);
    expect(parsed.packets[1]!.pid).toBe(0x1000);
    expect(parsed.streams.map((s) => [s.type, s.pid])).toEqual([[0x1b, 0x100]]);
    expect(parsed.pcrPid).toBe(0x100);
    expect(parsed.pes).toHaveLength(60);
    parsed.pes.forEach((pes, k) => {
      const i = 60 + k;
      const sync = video.samples.sync[i] === 1;
      expect(
        Buffer.from(pes.data).equals(avccToAnnexB(sampleOf(video, videoBytes, i), avcConfig, sync)),
      ).toBe(true);
      expect(pes.streamId).toBe(0xe0);
      expect(pes.lengthField).toBe(0);
      expect(pes.dataAlignment).toBe(true);
      const dts = to90k(video.samples.dts[i]!, 15360);
      const pts = to90k(video.samples.dts[i]! + video.samples.cto[i]!, 15360);
      expect(pes.pts).toBe(pts);
      expect(pes.dts).toBe(pts === dts ? undefined : dts);
      expect(pes.randomAccess).toBe(sync);
      expect(pes.pcr).toBe(dts - PCR_DELAY_90K);
    });
    expect(parsed.pes[0]!.randomAccess).toBe(true);
    expectPcrRules(parsed);
  });

  it('the first segment starts at 10 s − 2 frames of decode time and is deterministic', async () => {
    const range = { video: { track: video, firstSample: 0, endSample: 60 } };
    const a = await buildTsSegment(range);
    const b = await buildTsSegment(range);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const first = parseTs(a).pes[0]!;
    expect([first.pts, first.dts]).toEqual([900000, 900000 - 6000]);
  });

  it('audio only: PCR on the audio PID, PES of ≤ 4 ADTS frames with exact lengths, all bytes in order', async () => {
    const first = audio.fragments.firstSample[1]!;
    const end = audio.fragments.firstSample[2]!;
    const ts = await buildTsSegment({ audio: { track: audio, firstSample: first, endSample: end } });
    const parsed = parseTs(ts);
    expect(parsed.streams.map((s) => [s.type, s.pid, Buffer.from(s.descriptors).toString('hex')])).toEqual([
      [0x0f, 0x101, '0a04656e6700'],
    ]);
    expect(parsed.pcrPid).toBe(0x101);
    expect(Buffer.concat(parsed.pes.map((p) => p.data)).equals(adtsOf(first, end))).toBe(true);
    let frame = first;
    for (const pes of parsed.pes) {
      expect(pes.streamId).toBe(0xc0);
      expect(pes.dts).toBeUndefined();
      expect(pes.pts).toBe(to90k(audio.samples.dts[frame]!, 48000));
      expect(pes.randomAccess).toBe(true);
      frame += pes.data.length > 0 ? countAdts(pes.data) : 0;
    }
    expect(frame).toBe(end);
    expectPcrRules(parsed);
  });

  it('muxed (HLS v3): both streams in one program, interleaved by decode time, PCR on video', async () => {
    const af = audio.fragments.firstSample;
    const ts = await buildTsSegment({
      video: { track: video, firstSample: 0, endSample: 120 },
      audio: { track: audio, firstSample: af[0]!, endSample: af[2]! },
    });
    const parsed = parseTs(ts);
    expect(parsed.streams.map((s) => s.pid)).toEqual([0x100, 0x101]);
    expect(parsed.pcrPid).toBe(0x100);
    const videoPes = parsed.pes.filter((p) => p.pid === 0x100);
    const audioPes = parsed.pes.filter((p) => p.pid === 0x101);
    expect(videoPes).toHaveLength(120);
    expect(Buffer.concat(audioPes.map((p) => p.data)).equals(adtsOf(af[0]!, af[2]!))).toBe(true);
    expect(audioPes.every((p) => p.pcr === undefined)).toBe(true);
    // PES starts appear in decode-time order.
    const starts = parsed.packets
      .filter((p) => p.unitStart && (p.pid === 0x100 || p.pid === 0x101))
      .map((p) => p.index);
    const startDts = starts.map((index) => pesStartDts(parsed.packets[index]!.payload));
    for (let k = 1; k < startDts.length; k++) expect(startDts[k]!).toBeGreaterThanOrEqual(startDts[k - 1]!);
    expectPcrRules(parsed);
  });

  it('keyframes only: the sync sample of each fragment, PCR-only packets bridging the 2 s gaps', async () => {
    const ts = await buildTsSegment({
      video: { track: video, firstSample: 0, endSample: 200 },
      keyframesOnly: true,
    });
    const parsed = parseTs(ts);
    expect(parsed.pes).toHaveLength(4);
    parsed.pes.forEach((pes, k) => {
      expect(pes.randomAccess).toBe(true);
      expect(
        Buffer.from(pes.data).equals(avccToAnnexB(sampleOf(video, videoBytes, k * 60), avcConfig, true)),
      ).toBe(true);
    });
    expect(parsed.packets.filter((p) => !p.hasPayload).length).toBe(3 * 19);
    expectPcrRules(parsed);
    const one = parseTs(
      await buildTsSegment({ video: { track: video, firstSample: 60, endSample: 120 }, keyframesOnly: true }),
    );
    expect(one.pes).toHaveLength(1);
  });

  it('reads only the samples asked for, with positioned reads (a truncated file is reported)', async () => {
    const { truncate, copyFile } = await import('node:fs/promises');
    const cut = path.join(dir, 'cut.mp4');
    await copyFile(video.file, cut);
    await truncate(cut, video.samples.offsets[100]!);
    const track = { ...video, file: cut };
    await expect(buildTsSegment({ video: { track, firstSample: 0, endSample: 60 } })).resolves.toBeInstanceOf(
      Uint8Array,
    );
    await expect(buildTsSegment({ video: { track, firstSample: 60, endSample: 120 } })).rejects.toThrow(
      /truncated/,
    );
  });

  it('refuses bad inputs with a reason', async () => {
    await expect(buildTsSegment({})).rejects.toThrow(RangeError);
    await expect(buildTsSegment({ video: { track: video, firstSample: 10, endSample: 10 } })).rejects.toThrow(
      /non-empty range/,
    );
    await expect(buildTsSegment({ video: { track: audio, firstSample: 0, endSample: 10 } })).rejects.toThrow(
      /audio track/,
    );
    await expect(
      buildTsSegment({ audio: { track: audio, firstSample: 0, endSample: 10 }, keyframesOnly: true }),
    ).rejects.toThrow(/video only/);
    const av1 = { ...video, config: { ...avcConfig, codec: 'av01' } } as unknown as PresentationTrack;
    await expect(buildTsSegment({ video: { track: av1, firstSample: 0, endSample: 10 } })).rejects.toThrow(
      /carry H\.264 and HEVC video only/,
    );
  });
});

function countAdts(data: Uint8Array): number {
  let n = 0;
  for (let p = 0; p < data.length; n++) {
    expect([data[p], data[p + 1]! & 0xf6]).toEqual([0xff, 0xf0]);
    p += ((data[p + 3]! & 3) << 11) | (data[p + 4]! << 3) | (data[p + 5]! >> 5);
  }
  return n;
}
