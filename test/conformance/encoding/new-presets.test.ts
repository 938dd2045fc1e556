/**
 * The presets issue 14 adds (H.265 ladders and single bitrates, HEVC content-aware, Dolby Digital audio,
 * our AV1 ladder) on a 1080p source (2160p for 4K), judged by ffprobe: AMS's names, the rungs, codec,
 * profile and sample entry, bitrates within 15 % of target, keyframes at the same times in every rung,
 * the asset opened by packaging-core, and every stream decoded by ffmpeg from the origin's DASH manifest
 * (each picture of each rung, the audio).
 *
 * Lean on purpose (x265 and SVT-AV1 are slow on two shared cores): one 1080p source and one origin for
 * the cases, sources of raw pictures (no decoding cost per encode), and each lasting one full 2 s GOP, so
 * a rung's bitrate is measured over a whole GOP of rate control (1 s sources missed the 15 % tolerance).
 * The 2160p one runs at 15 fps: its GOP costs x265 30 frames, not 60, and the 4K preset's bitrate and
 * GOP are per second, not per frame. The encoders run at the presets' own settings: their fastest
 * presets (x265 ultrafast, SVT-AV1 12) missed the bitrates by 20-47 %, so they would not test the same.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset, type BuiltInPresetName } from '../../../electron/studio/encoding/presets.ts';
import { type EncodeResult, runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import type { TransformDefinition } from '../../../electron/studio/encoding/transform-definition.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { openPresentation } from '../../../packaging-core/index.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';

const SECONDS = 2;
/**
 * The encodes' work is fixed, their wall time is not: at load 15-30 on two cores (the whole suite) x265
 * took 130 s for one case, close to the conformance default of 180 s.
 */
const ENCODE_TIMEOUT_MS = 420_000;
let dir = '';
let origin: TestOrigin;

/** testsrc2 with temporal noise, so that the rungs spend their budgets (`noise` 0–100). */
async function makeSource(name: string, size: string, opts: { fps?: number; noise?: number; audioLayout?: string } = {}): Promise<string> {
  const file = path.join(dir, `${name}.mkv`);
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${opts.fps ?? 30}:d=${SECONDS},noise=alls=${opts.noise ?? 30}:allf=t`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:d=${SECONDS}`,
    // Raw pictures and PCM: reading them costs an encode nothing, where decoding x264 noise (175 Mb/s at
    // 1080p) cost each encode about 1 s of CPU at 1080p and 3 s at 2160p; PCM ends with the video (AAC's
    // last frame would outlast it, and the encode would add a frame to meet it).
    '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p',
    '-c:a', 'pcm_s16le', '-af', `aformat=channel_layouts=${opts.audioLayout ?? 'stereo'}`, '-shortest', file,
  ]);
  return file;
}

interface StreamFacts {
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  profile?: string;
  channels?: number;
  bit_rate?: string;
  height?: number;
  nb_read_frames?: string;
}

async function streams(input: string, extra: string[] = []): Promise<StreamFacts[]> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', ...extra, '-show_entries', 'stream=codec_type,codec_name,codec_tag_string,profile,channels,bit_rate,height,nb_read_frames', '-of', 'json', input]);
  return (JSON.parse(r.stdout.toString()) as { streams: StreamFacts[] }).streams;
}

async function facts(file: string, select: string): Promise<StreamFacts> {
  return (await streams(`file:${file}`, ['-select_streams', select]))[0] ?? {};
}

async function keyframeTimes(file: string): Promise<string> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', `file:${file}`]);
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.includes('K'))
    .map((l) => Number(l.split(',')[0]).toFixed(2))
    .join(' ');
}

async function encode(source: string, preset: BuiltInPresetName, definition: TransformDefinition = builtInPreset(preset)): Promise<EncodeResult> {
  return runEncode({ input: source, media: await probeFile(source), definition, outDir: path.join(dir, `${path.basename(source)}-${preset}`) });
}

/**
 * Packaged by the origin, with an .ismc whose every StreamIndex has its QualityLevels where Smooth
 * carries the codecs, and no .ismc (nor an .ism naming one) where it cannot (AV1); then every stream
 * ffmpeg finds in the origin's DASH manifest is decoded whole: each rung's pictures, and the audio.
 */
async function expectServed(result: EncodeResult, smooth: boolean, frames: number, audioCodec = 'aac'): Promise<void> {
  expect(result.warnings.join('\n')).not.toMatch(/cannot package/);
  expect(result.ismc !== null).toBe(smooth);
  expect(result.files.some((f) => f.endsWith('.ismc'))).toBe(smooth);
  const p = await openPresentation(result.outDir, result.ism);
  expect(p.video).toHaveLength(result.rungs.length);
  if (result.ismc === null) {
    expect(await readFile(path.join(result.outDir, result.ism), 'utf8')).not.toContain('clientManifestRelativePath');
  } else {
    const indexes = (await readFile(path.join(result.outDir, result.ismc), 'utf8')).split('<StreamIndex').slice(1);
    expect(indexes).toHaveLength(p.video.length > 0 ? 1 + p.audio.length : p.audio.length);
    for (const index of indexes) expect(index).toContain('<QualityLevel');
  }
  const locator = randomUUID();
  origin.locators.set(locator, { folder: result.outDir, protocols: new Set(['dash']) });
  // One ffprobe per stream: ffmpeg 5.1's DASH demuxer, reading every representation at once, ends all
  // but the first two frames early (HLS, or one representation at a time, gets them all).
  const mpd = `${origin.base}/${locator}/${result.ism}/manifest(format=mpd-time-cmaf)`;
  const listed = await streams(mpd);
  const video = listed.filter((s) => s.codec_type === 'video');
  const audio = listed.filter((s) => s.codec_type === 'audio');
  const decoded = await Promise.all(video.map(async (_, i) => (await streams(mpd, ['-count_frames', '-select_streams', `v:${i}`]))[0] ?? {}));
  expect(decoded.map((s) => [s.codec_name, s.height, Number(s.nb_read_frames)]).sort()).toEqual(
    result.rungs.map((r) => [video[0]?.codec_name, r.height, frames]).sort(),
  );
  expect(audio.map((s) => s.codec_name)).toEqual([audioCodec]);
  const audioDecoded = (await streams(mpd, ['-count_frames', '-select_streams', 'a:0']))[0] ?? {};
  expect(Number(audioDecoded.nb_read_frames)).toBeGreaterThan(0);
}

async function expectVideoRungs(result: EncodeResult, codec: string, tag: string, heights: number[], keys: string): Promise<void> {
  expect(result.rungs.map((r) => r.height)).toEqual(heights);
  for (const r of result.rungs) {
    const f = await facts(path.join(result.outDir, r.fileName), 'v:0');
    expect(f.codec_name).toBe(codec);
    expect(f.codec_tag_string).toBe(tag);
    expect(f.profile).toBe('Main');
    expect(Math.abs((r.measuredKbps ?? 0) - r.targetKbps) / r.targetKbps, `${r.fileName}: ${r.measuredKbps} kbps`).toBeLessThan(0.15);
  }
  const times = await Promise.all(result.rungs.map((r) => keyframeTimes(path.join(result.outDir, r.fileName))));
  for (const t of times) expect(t).toBe(keys);
}

let hd = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'new-presets-'));
  hd = await makeSource('mezz', '1920x1080');
  origin = await startTestOrigin({ folder: dir, ismName: 'none.ism' });
});
afterAll(async () => {
  await origin?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('H.265 presets (libx265, hvc1, closed aligned GOPs)', () => {
  it('H265SingleBitrate1080p: one 3500 kbps 1080p HEVC rung with the AAC muxed in', async () => {
    const result = await encode(hd, 'H265SingleBitrate1080p');
    expect(result.files).toContain('mezz_1920x1080_AACAudio_3500.mp4');
    await expectVideoRungs(result, 'hevc', 'hvc1', [1080], '0.00');
    expect((await facts(path.join(result.outDir, result.rungs[0]!.fileName), 'a:0')).codec_name).toBe('aac');
    await expectServed(result, true, 60);
  }, ENCODE_TIMEOUT_MS);

  it('H265SingleBitrate720p: one 1800 kbps 720p HEVC rung', async () => {
    const result = await encode(hd, 'H265SingleBitrate720p');
    expect(result.files).toContain('mezz_1280x720_AACAudio_1800.mp4');
    await expectVideoRungs(result, 'hevc', 'hvc1', [720], '0.00');
    await expectServed(result, true, 60);
  }, ENCODE_TIMEOUT_MS);

  it('H265AdaptiveStreaming: the HEVC auto ladder, video-only rungs plus one AAC file', async () => {
    const result = await encode(hd, 'H265AdaptiveStreaming');
    expect(result.plan.interleaved).toBe(false);
    expect(result.rungs.map((r) => r.fileName)).toEqual(['mezz_1920x1080_3500.mp4', 'mezz_1280x720_1820.mp4', 'mezz_960x540_1140.mp4', 'mezz_640x360_590.mp4', 'mezz_480x270_370.mp4', 'mezz_320x180_200.mp4']);
    await expectVideoRungs(result, 'hevc', 'hvc1', [1080, 720, 540, 360, 270, 180], '0.00');
    expect(result.audio.map((a) => a.fileName)).toEqual(['mezz_AACAudio_und_128.mp4']);
    await expectServed(result, true, 60);
  }, ENCODE_TIMEOUT_MS);

  it('H265SingleBitrate4K: one 9500 kbps 2160p HEVC rung', async () => {
    const uhd = await makeSource('uhd', '3840x2160', { fps: 15, noise: 10 });
    const result = await encode(uhd, 'H265SingleBitrate4K');
    expect(result.files).toContain('uhd_3840x2160_AACAudio_9500.mp4');
    await expectVideoRungs(result, 'hevc', 'hvc1', [2160], '0.00');
    await expectServed(result, true, 30);
  }, ENCODE_TIMEOUT_MS);

  // The ladder's shape per title is content-aware.test.ts's (H.264); here the HEVC path, bounded to one
  // rung by PresetConfigurations (maxLayers), whose bitrate the analysis picks.
  it('H265ContentAwareEncoding: an analysed HEVC rung, named by its chosen bitrate', async () => {
    const definition = { ...builtInPreset('H265ContentAwareEncoding'), contentAware: { maxLayers: 1 } };
    const result = await encode(hd, 'H265ContentAwareEncoding', definition);
    expect(result.analysisSec).toBeGreaterThan(0);
    expect(result.rungs).toHaveLength(1);
    for (const r of result.rungs) expect(r.fileName).toBe(`mezz_${r.width}x${r.height}_AACAudio_${r.targetKbps}.mp4`);
    await expectVideoRungs(result, 'hevc', 'hvc1', result.rungs.map((r) => r.height), '0.00');
    await expectServed(result, true, 60);
  }, ENCODE_TIMEOUT_MS);
});

describe('AV1AdaptiveStreaming (ours, libsvtav1)', () => {
  it('an AV1 ladder with aligned key frames and the AAC in its own file', async () => {
    // SVT-AV1's CBR overshoots the 1080p rung by ~40 % on the heavy-noise source: a milder one.
    const result = await encode(await makeSource('av1', '1920x1080', { noise: 15 }), 'AV1AdaptiveStreaming');
    expect(result.rungs[0]!.fileName).toBe('av1_1920x1080_2700.mp4');
    await expectVideoRungs(result, 'av1', 'av01', [1080, 720, 540, 360, 270, 180], '0.00');
    expect(result.audio).toHaveLength(1);
    await expectServed(result, false, 60);
  }, ENCODE_TIMEOUT_MS);
});

describe('DDGoodQualityAudio (Dolby Digital, ffmpeg ac3)', () => {
  it('keeps a 5.1 source 5.1 at 448 kbps and makes stereo 192 kbps of a stereo one', async () => {
    const surround = await makeSource('surround', '320x180', { noise: 0, audioLayout: '5.1' });
    const [r51, r20] = [await encode(surround, 'DDGoodQualityAudio'), await encode(hd, 'DDGoodQualityAudio')];
    expect(r51.rungs).toHaveLength(0);
    expect(r51.audio.map((a) => a.fileName)).toEqual(['surround_DDAudio_und_448.mp4']);
    expect(r20.audio.map((a) => a.fileName)).toEqual(['mezz_DDAudio_und_192.mp4']);
    const f51 = await facts(path.join(r51.outDir, r51.audio[0]!.fileName), 'a:0');
    const f20 = await facts(path.join(r20.outDir, r20.audio[0]!.fileName), 'a:0');
    expect([f51.codec_name, f51.channels, Math.round(Number(f51.bit_rate) / 1000)]).toEqual(['ac3', 6, 448]);
    expect([f20.codec_name, f20.channels, Math.round(Number(f20.bit_rate) / 1000)]).toEqual(['ac3', 2, 192]);
    await expectServed(r51, true, 0, 'ac3');
    await expectServed(r20, true, 0, 'ac3');
  }, ENCODE_TIMEOUT_MS);
});
