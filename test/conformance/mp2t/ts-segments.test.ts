/**
 * HLS TS segments of the fixture ABR set, checked with ffmpeg/ffprobe as independent clients: every
 * segment of every rung and audio track is built as the origin builds them (fragmentsPerHlsSegment
 * fragments each, the last one short), checked packet by packet by the test TS reader, concatenated and
 * decoded. Decoded pictures must be bit-identical to the source rung's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTsSegment } from '../../../packaging-core/mp2t/ts-segment.ts';
import { openPresentation, type Presentation, type PresentationTrack } from '../../../packaging-core/index.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { parseTs } from '../../unit/packaging-core/mp2t/parse-ts.ts';

let presentation: Presentation;
let dir: string;

beforeAll(async () => {
  const fx = await abrFixture();
  presentation = await openPresentation(fx.folder, fx.ismName);
  dir = await mkdtemp(path.join(tmpdir(), 'mp2t-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Fragment index ranges of the HLS TS segments: [start, end) in fragments. */
function segmentSpans(track: PresentationTrack, perSegment: number): [number, number][] {
  const fragments = track.fragments.firstSample.length - 1;
  const spans: [number, number][] = [];
  for (let f = 0; f < fragments; f += perSegment) spans.push([f, Math.min(f + perSegment, fragments)]);
  return spans;
}

function range(track: PresentationTrack, [start, end]: [number, number]) {
  return {
    track,
    firstSample: track.fragments.firstSample[start]!,
    endSample: track.fragments.firstSample[end]!,
  };
}

/** Checks each segment's structure, then writes them back to back to one file. */
async function concatenate(name: string, segments: Uint8Array[]): Promise<string> {
  for (const s of segments) parseTs(s); // throws on any continuity, PSI, PES or adaptation field error
  const file = path.join(dir, name);
  await writeFile(file, Buffer.concat(segments));
  return file;
}

/** Decodes with ffmpeg at -v error: anything it prints is a muxing error (PES size, continuity, …). */
async function frameHashes(file: string, map: string): Promise<string[]> {
  const r = await mustRun(ffmpegBin(), [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-i',
    `file:${file}`,
    '-map',
    map,
    '-f',
    'framemd5',
    '-',
  ]);
  expect(r.stderr).toBe('');
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)!.trim());
}

async function probeStreams(file: string): Promise<any[]> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', `file:${file}`]);
  return JSON.parse(r.stdout.toString('utf8')).streams;
}

describe('HLS TS segments of the fixture (ffmpeg as the client)', () => {
  it('each video rung: decoded pictures are bit-identical to the source rung, h264 at the rung size', async () => {
    const per = presentation.fragmentsPerHlsSegment;
    expect(per).toBe(3);
    expect(presentation.video).toHaveLength(3);
    for (const track of presentation.video) {
      const spans = segmentSpans(track, per);
      expect(spans.at(-1)![1] - spans.at(-1)![0]).toBeLessThan(per); // the short last segment
      const segments = await Promise.all(spans.map((s) => buildTsSegment({ video: range(track, s) })));
      const file = await concatenate(`video-${track.bitrate}.ts`, segments);
      const [ours, source] = await Promise.all([
        frameHashes(file, '0:v:0'),
        frameHashes(track.file, '0:v:0'),
      ]);
      expect(ours).toHaveLength(track.samples.count);
      expect(ours).toEqual(source);
      const streams = await probeStreams(file);
      const config = track.config as { width: number; height: number };
      expect(streams.map((s) => [s.codec_name, s.width, s.height])).toEqual([
        ['h264', config.width, config.height],
      ]);
      expect(Number(streams[0].start_time)).toBe(10); // the shared 10 s clock offset
    }
  });

  it('a middle segment decodes alone (its own PAT/PMT, SPS/PPS, counters from 0) to its source pictures', async () => {
    const track = presentation.video[0]!;
    const span = segmentSpans(track, presentation.fragmentsPerHlsSegment)[1]!;
    const r = range(track, span);
    const file = await concatenate('middle.ts', [await buildTsSegment({ video: r })]);
    const source = await frameHashes(track.file, '0:v:0');
    // Closed GOPs: the segment's samples are exactly the pictures displayed in its time span.
    expect(await frameHashes(file, '0:v:0')).toEqual(source.slice(r.firstSample, r.endSample));
  });

  it('each audio track: ADTS identical to ffmpeg’s, decodes to the source frames and duration ±1 frame', async () => {
    const per = presentation.fragmentsPerHlsSegment;
    for (const track of presentation.audio) {
      const segments = await Promise.all(
        segmentSpans(track, per).map((s) => buildTsSegment({ audio: range(track, s) })),
      );
      const file = await concatenate(`audio-${track.name}.ts`, segments);

      const ours = Buffer.concat(segments.flatMap((s) => parseTs(s).pes.map((p) => p.data)));
      const adts = await mustRun(ffmpegBin(), [
        '-v',
        'error',
        '-i',
        `file:${track.file}`,
        '-map',
        '0:a:0',
        '-c',
        'copy',
        '-f',
        'adts',
        '-',
      ]);
      expect(ours.equals(adts.stdout)).toBe(true);

      const streams = await probeStreams(file);
      expect(streams.map((s) => [s.codec_name, s.sample_rate, s.channels, s.tags?.language])).toEqual([
        ['aac', '48000', 2, track.language],
      ]);
      const frame = 1024 / 48000;
      const start = Number(streams[0].start_time);
      const end = start + Number(streams[0].duration) + frame;
      expect(Math.abs(start - 10)).toBeLessThanOrEqual(frame); // the priming frame sits just before 10 s
      expect(Math.abs(end - 10 - track.duration / track.timescale)).toBeLessThanOrEqual(frame);

      // The MP4's edit list drops the priming frame and trims the last; everything between is identical.
      const [decoded, source] = await Promise.all([
        frameHashes(file, '0:a:0'),
        frameHashes(track.file, '0:a:0'),
      ]);
      expect(decoded).toHaveLength(track.samples.count);
      expect(decoded.slice(1, source.length)).toEqual(source.slice(0, -1));
    }
  });

  it('HLS v3 muxed segments carry both streams; pictures stay bit-identical', async () => {
    const per = presentation.fragmentsPerHlsSegment;
    const video = presentation.video[0]!;
    const audio = presentation.audio[1]!;
    const segments = await Promise.all(
      segmentSpans(video, per).map((s) => buildTsSegment({ video: range(video, s), audio: range(audio, s) })),
    );
    for (const s of segments) {
      const parsed = parseTs(s);
      expect(parsed.streams.map((x) => x.type)).toEqual([0x1b, 0x0f]);
      expect(new Set(parsed.pes.map((p) => p.pid))).toEqual(new Set([0x100, 0x101]));
    }
    const file = await concatenate('muxed.ts', segments);
    const streams = await probeStreams(file);
    expect(streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(streams[1].tags.language).toBe(audio.language);
    expect(await frameHashes(file, '0:v:0')).toEqual(await frameHashes(video.file, '0:v:0'));
    expect(await frameHashes(file, '0:a:0')).toHaveLength(audio.samples.count);
  });

  it('keyframes-only segments (I-frame playlist) hold each fragment’s IDR, decodable alone', async () => {
    const video = presentation.video[2]!;
    const fragments = video.fragments.firstSample.length - 1;
    const segments = await Promise.all(
      Array.from({ length: fragments }, (_, f) =>
        buildTsSegment({ video: range(video, [f, f + 1]), keyframesOnly: true }),
      ),
    );
    const source = await frameHashes(video.file, '0:v:0');
    // One segment alone decodes to its one picture.
    const single = await concatenate('iframe-3.ts', [segments[3]!]);
    expect(await frameHashes(single, '0:v:0')).toEqual([source[video.fragments.firstSample[3]!]]);
    const file = await concatenate('iframes.ts', segments);
    const expected = Array.from({ length: fragments }, (_, f) => source[video.fragments.firstSample[f]!]);
    expect(await frameHashes(file, '0:v:0')).toEqual(expected);
  });
});
