/**
 * The fMP4 muxer checked by ffmpeg/ffprobe as an independent reader, on the fixture ABR set opened by
 * openPresentation: whole tracks (init + every media segment, sample bytes read from the FileRanges)
 * must decode to the source's pictures and audio, with the source's packets and presentation times.
 *
 * One ffmpeg habit to know when reading times: its mov demuxer adds max(-composition offset) of the
 * truns it has read to every pts (mov_update_dts_shift), so a trun v1 with negative offsets shows pts
 * later by that constant — which is why DASH/HLS fragments carry non-negative offsets and an edit
 * list (ffmpeg then shows the source's times as they are). Smooth fragments keep signed offsets (a
 * Smooth client builds its own init, without an edit): there the tests measure the constant from our
 * trun bytes and subtract it.
 */
import { presentationDelay } from '../../../packaging-core/fmp4/fragment-timing.ts';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentFlavor } from '../../../packaging-core/index.ts';
import { buildInitSegment } from '../../../packaging-core/fmp4/init-segment.ts';
import { buildMediaSegment } from '../../../packaging-core/fmp4/media-segment.ts';
import { type Body, openPresentation, type Presentation, type PresentationTrack } from '../../../packaging-core/index.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { child, path as boxPath, readBoxes } from '../../unit/packaging-core/mp4/read-boxes.ts';
import { framemd5Hashes } from '../../helpers/frame-hashes.ts';

let presentation: Presentation;
let work: string;

beforeAll(async () => {
  const fx = await abrFixture();
  presentation = await openPresentation(fx.folder, fx.ismName);
  work = await mkdtemp(path.join(tmpdir(), 'fmp4-conformance-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The body as bytes: header parts as they are, file ranges read from disk. */
async function resolveBody(body: Body): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (const part of body.parts) {
    if (part instanceof Uint8Array) {
      chunks.push(Buffer.from(part));
      continue;
    }
    if ('streamed' in part) throw new Error('fMP4 bodies have no streamed parts');
    const handle = await open(part.path, 'r');
    try {
      const buf = Buffer.alloc(part.length);
      const { bytesRead } = await handle.read(buf, 0, part.length, part.offset);
      expect(bytesRead).toBe(part.length);
      chunks.push(buf);
    } finally {
      await handle.close();
    }
  }
  const out = Buffer.concat(chunks);
  expect(out.length).toBe(body.length);
  return out;
}

function fragmentCount(track: PresentationTrack): number {
  return track.fragments.firstSample.length - 1;
}

interface TrafFacts {
  baseDecodeTime: number;
  /** max(0, -min composition offset): what ffmpeg adds to pts. */
  ffmpegShift: number;
}

/** tfdt and composition offsets read back from a segment's header bytes. */
function trafFacts(header: Uint8Array): TrafFacts {
  const boxes = readBoxes(header);
  const moof = boxes.find((b) => b.type === 'moof')!;
  const traf = child(moof, 'traf');
  const tfdt = child(traf, 'tfdt').payload;
  const baseDecodeTime = Number(new DataView(tfdt.buffer, tfdt.byteOffset).getBigUint64(4));
  const trun = child(traf, 'trun').payload;
  const v = new DataView(trun.buffer, trun.byteOffset, trun.byteLength);
  const flags = v.getUint32(0) & 0xffffff;
  const count = v.getUint32(4);
  const entry = 8 + (flags & 0x400 ? 4 : 0) + (flags & 0x800 ? 4 : 0);
  let shift = 0;
  if (flags & 0x800) {
    for (let i = 0; i < count; i++) shift = Math.max(shift, -v.getInt32(12 + i * entry + entry - 4));
  }
  return { baseDecodeTime, ffmpegShift: shift };
}

interface WrittenTrack {
  file: string;
  ffmpegShift: number;
  headers: Uint8Array[];
}

/** Init (for Smooth: a CSF init from the same track, as a Smooth client would synthesize) + all segments. */
async function writeTrack(
  track: PresentationTrack,
  flavor: SegmentFlavor,
  name: string,
): Promise<WrittenTrack> {
  const init = flavor === 'smooth' ? buildInitSegment(track, 'csf', undefined, false) : buildInitSegment(track, flavor);
  const chunks: Buffer[] = [Buffer.from(init)];
  const headers: Uint8Array[] = [];
  let ffmpegShift = 0;
  for (let i = 0; i < fragmentCount(track); i++) {
    const body = buildMediaSegment(track, i, flavor);
    headers.push(body.parts[0] as Uint8Array);
    ffmpegShift = Math.max(ffmpegShift, trafFacts(body.parts[0] as Uint8Array).ffmpegShift);
    chunks.push(await resolveBody(body));
  }
  const file = path.join(work, `${name}.mp4`);
  await writeFile(file, Buffer.concat(chunks));
  return { file, ffmpegShift, headers };
}

async function probeJson(file: string, args: string[]): Promise<any> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', ...args, `file:${file}`]);
  return JSON.parse(r.stdout.toString('utf8'));
}

interface Packet {
  pts: number;
  dts: number;
  size: number;
  key: boolean;
}

/** Packets of the first stream, times converted to 10 MHz ticks (rounded, like the packager). */
async function packets(file: string): Promise<Packet[]> {
  const s = await probeJson(file, ['-select_streams', '0', '-show_entries', 'stream=time_base']);
  const [num, den] = String(s.streams[0].time_base).split('/').map(Number) as [number, number];
  const p = await probeJson(file, ['-select_streams', '0', '-show_entries', 'packet=pts,dts,size,flags']);
  const ticks = (t: string): number => Math.round((Number(t) * num * 1e7) / den);
  return p.packets.map((k: any) => ({
    pts: ticks(k.pts),
    dts: ticks(k.dts),
    size: Number(k.size),
    key: k.flags.startsWith('K'),
  }));
}

/** Per-frame MD5s of the decoded pictures (the hash column of framemd5 only). */
async function frameHashes(file: string): Promise<string[]> {
  const r = await mustRun(ffmpegBin(), [
    '-v',
    'error',
    '-i',
    `file:${file}`,
    '-map',
    '0:v:0',
    '-an',
    '-fps_mode',
    'passthrough',
    '-f',
    'framemd5',
    '-',
  ]);
  return framemd5Hashes(r.stdout);
}

async function pcm(file: string): Promise<Buffer> {
  return (
    await mustRun(ffmpegBin(), ['-v', 'error', '-i', `file:${file}`, '-map', '0:a:0', '-f', 's16le', '-'])
  ).stdout;
}

const sourceCache = new Map<string, Promise<{ hashes?: string[]; packets: Packet[] }>>();
function source(track: PresentationTrack): Promise<{ hashes?: string[]; packets: Packet[] }> {
  let cached = sourceCache.get(track.file);
  if (!cached) {
    cached = (async () => ({
      packets: await packets(track.file),
      hashes: track.kind === 'video' ? await frameHashes(track.file) : undefined,
    }))();
    sourceCache.set(track.file, cached);
  }
  return cached;
}

/** Output packets carry the source's sizes, key flags and exact 10 MHz presentation times. */
function expectSamePackets(out: Packet[], src: Packet[], ffmpegShift: number): void {
  expect(out.map((p) => p.size)).toEqual(src.map((p) => p.size));
  expect(out.map((p) => p.key)).toEqual(src.map((p) => p.key));
  expect(out.map((p) => p.pts - ffmpegShift)).toEqual(src.map((p) => p.pts));
  // Decode times: continuous, the source's own shifted by one constant (the B-frame delay).
  const delay = out[0]!.dts - src[0]!.dts;
  for (let i = 0; i < out.length; i++)
    expect(Math.abs(out[i]!.dts - src[i]!.dts - delay)).toBeLessThanOrEqual(1);
}

/** ffprobe's `-show_data` hex dump ("00000000: 1190 56e5 00   ..V..") back to bytes. */
function dumpBytes(dump: string): string {
  return dump
    .split('\n')
    .filter((l) => l.includes(':'))
    .map((l) => l.slice(l.indexOf(':') + 1, l.indexOf(':') + 41).replace(/\s+/g, ''))
    .join('');
}

describe('fMP4 init segments in ffprobe', () => {
  it.each(['csf', 'cmaf', 'hls-cmaf'] as const)(
    '%s: video and audio init segments describe the tracks',
    async (flavor) => {
      const video = presentation.video[0]!;
      const audio = presentation.audio[1]!;
      for (const track of [video, audio]) {
        const file = path.join(work, `init-${flavor}-${track.kind}.mp4`);
        await writeFile(file, buildInitSegment(track, flavor));
        const s = (await probeJson(file, ['-show_streams', '-show_data'])).streams;
        expect(s).toHaveLength(1);
        expect(s[0].time_base).toBe('1/10000000');
        const config = track.config;
        if (config.codec === 'avc1') {
          // No frames to decode in an init segment: ffprobe knows what the sample entry says.
          expect([s[0].codec_name, s[0].codec_tag_string, s[0].width, s[0].height]).toEqual([
            'h264',
            'avc1',
            640,
            360,
          ]);
          expect([s[0].sample_aspect_ratio, s[0].is_avc, Number(s[0].nal_length_size)]).toEqual([
            '1:1',
            'true',
            4,
          ]);
          expect(dumpBytes(s[0].extradata)).toBe(Buffer.from(config.avcC).toString('hex'));
        } else {
          expect([s[0].codec_name, s[0].codec_tag_string, Number(s[0].sample_rate), s[0].channels]).toEqual([
            'aac',
            'mp4a',
            48000,
            2,
          ]);
          expect(s[0].tags.language).toBe('fra');
          expect(config.codec).toBe('mp4a');
          if (config.codec === 'mp4a') expect(dumpBytes(s[0].extradata)).toBe(Buffer.from(config.audioSpecificConfig).toString('hex'));
        }
      }
    },
  );
});

describe('fMP4 tracks decoded by ffmpeg', () => {
  const cases: [number, SegmentFlavor][] = [
    [0, 'cmaf'],
    [1, 'csf'],
    [2, 'hls-cmaf'],
    [0, 'smooth'],
  ];
  it.each(cases)(
    'video rung %i as %s: same pictures, packets and presentation times as the source',
    async (rung, flavor) => {
      const track = presentation.video[rung]!;
      const written = await writeTrack(track, flavor, `video-${rung}-${flavor}`);
      const src = await source(track);
      expect(await frameHashes(written.file)).toEqual(src.hashes);
      const out = await packets(written.file);
      // Smooth: B-frames as negative offsets; DASH/HLS: none (the init segment's edit list instead).
      if (flavor === 'smooth') expect(written.ffmpegShift).toBeGreaterThan(0);
      else expect(written.ffmpegShift).toBe(0);
      expectSamePackets(out, src.packets, written.ffmpegShift);
    },
  );

  it.each([
    [0, 'cmaf'],
    [1, 'smooth'],
  ] as const)(
    'audio track %i as %s: same packets, same PCM after the priming frame',
    async (index, flavor) => {
      const track = presentation.audio[index]!;
      const written = await writeTrack(track, flavor, `audio-${index}-${flavor}`);
      const src = await source(track);
      expectSamePackets(await packets(written.file), src.packets, written.ffmpegShift);
      const [outPcm, srcPcm] = await Promise.all([pcm(written.file), pcm(track.file)]);
      // The source's edit list drops the 1024-sample priming frame; ours keeps it before 0 for players
      // to drop: one frame longer, and the same samples after it.
      const frameBytes = 1024 * 2 * 2;
      expect(outPcm.length - srcPcm.length).toBe(frameBytes);
      expect(outPcm.subarray(frameBytes).equals(srcPcm)).toBe(true);
    },
  );
});

describe('fMP4 segments on their own', () => {
  it.each(['video', 'audio'] as const)(
    '%s: each segment starts at its startTicks; dts = tfdt',
    async (kind) => {
      const track = kind === 'video' ? presentation.video[0]! : presentation.audio[0]!;
      const init = buildInitSegment(track, 'cmaf');
      for (let i = 0; i < fragmentCount(track); i++) {
        const body = buildMediaSegment(track, i, 'cmaf');
        const facts = trafFacts(body.parts[0] as Uint8Array);
        const file = path.join(work, `segment-${kind}-${i}.mp4`);
        await writeFile(file, Buffer.concat([Buffer.from(init), await resolveBody(body)]));
        const out = await packets(file);
        // ffmpeg applies the edit list to decode times too.
        expect(out[0]!.dts).toBe(facts.baseDecodeTime - presentationDelay(track));
        expect(facts.ffmpegShift).toBe(0);
        const earliest = Math.min(...out.map((p) => p.pts)) - facts.ffmpegShift;
        const start = track.fragments.startTicks[i]!;
        if (kind === 'video') {
          expect(earliest).toBe(start);
          expect(facts.baseDecodeTime).toBe(start); // x264's IDRs all decode 2 frames before display
        } else {
          // The first audio fragment holds the priming frame before 0; URLs start at 0.
          expect(Math.max(0, earliest)).toBe(start);
          if (i > 0) expect(earliest).toBe(start);
        }
      }
    },
  );

  it('Smooth: tfxd carries the fragment URL time and duration; fragments carry no styp', async () => {
    for (const track of [presentation.video[2]!, presentation.audio[0]!]) {
      const { startTicks } = track.fragments;
      for (let i = 0; i < fragmentCount(track); i++) {
        const header = buildMediaSegment(track, i, 'smooth').parts[0] as Uint8Array;
        const boxes = readBoxes(header);
        expect(boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
        const tfxd = boxPath(boxes, 'moof', 'traf', 'uuid');
        expect(Buffer.from(header.subarray(tfxd.start + 8, tfxd.start + 24)).toString('hex')).toBe(
          '6d1d9b0542d544e680e2141daff757b2',
        );
        const v = new DataView(tfxd.payload.buffer, tfxd.payload.byteOffset);
        expect(v.getUint8(0)).toBe(1);
        expect(Number(v.getBigUint64(4))).toBe(startTicks[i]);
        expect(Number(v.getBigUint64(12))).toBe(startTicks[i + 1]! - startTicks[i]!);
      }
    }
  });
});
