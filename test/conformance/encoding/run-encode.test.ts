/**
 * runEncode against real ffmpeg/ffprobe on short lavfi sources made here (3–6 s, small sizes), with
 * ffprobe and fast-xml-parser as independent checkers of what it wrote.
 */
import { mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncodeCanceledError, EncodeError } from '../../../electron/studio/encoding/encode-error.ts';
import { builtInPreset } from '../../../electron/studio/encoding/presets.ts';
import type { EncodeProgress } from '../../../electron/studio/encoding/run-encode.ts';
import { runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'encoding-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ff = (args: string[]): Promise<unknown> => mustRun(ffmpegBin(), ['-hide_banner', '-nostdin', '-y', '-v', 'error', ...args]);

/** testsrc2 with temporal noise: hard enough to compress that x264 reaches its target bitrate. */
async function makeSource(
  name: string,
  opts: { size: string; seconds: number; languages: string[]; video?: boolean; gop?: number },
): Promise<string> {
  const file = path.join(dir, name);
  const args: string[] = [];
  const video = opts.video ?? true;
  if (video) args.push('-f', 'lavfi', '-i', `testsrc2=s=${opts.size}:r=30:d=${opts.seconds},noise=alls=12:allf=t`);
  opts.languages.forEach((_, i) => args.push('-f', 'lavfi', '-i', `sine=f=${440 + 220 * i}:d=${opts.seconds}:sample_rate=48000`));
  const inputs = (video ? 1 : 0) + opts.languages.length;
  for (let i = 0; i < inputs; i++) args.push('-map', `${i}`);
  opts.languages.forEach((l, i) => args.push(`-metadata:s:a:${i}`, `language=${l}`));
  if (video) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p', '-g', `${opts.gop ?? 250}`);
  if (opts.languages.length > 0) args.push('-c:a', 'aac', '-b:a', '128k');
  args.push('-movflags', '+faststart', `file:${file}`);
  await ff(args);
  return file;
}

async function ffprobeJson(args: string[]): Promise<any> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', ...args]);
  return JSON.parse(r.stdout.toString('utf8'));
}

async function keyframeTimes(file: string): Promise<number[]> {
  const j = await ffprobeJson(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', `file:${file}`]);
  return j.packets.filter((p: any) => p.flags.includes('K')).map((p: any) => Number(p.pts_time));
}

function parseIsmXml(text: string): any {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text);
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('runEncode (real ffmpeg)', () => {
  it('AdaptiveStreaming on a 640x360 two-language source: aligned rungs near target, one AAC file per language, valid .ism/.ismc, pictures', async () => {
    const input = await makeSource('two langs.mp4', { size: '640x360', seconds: 4, languages: ['eng', 'fra'] });
    const media = await probeFile(input);
    const outDir = path.join(dir, 'asset-adaptive');
    const steps: EncodeProgress[] = [];
    const result = await runEncode({ input, media, definition: builtInPreset('AdaptiveStreaming'), outDir, onProgress: (p) => steps.push(p) });

    expect(result.rungs.map((r) => `${r.width}x${r.height}@${r.targetKbps}`)).toEqual(['640x360@1150', '480x270@720', '320x180@380']);
    // 4 s of noisy testsrc2 is enough for x264's ABR to land near the target (maxrate 1.1×).
    for (const r of result.rungs) {
      expect(r.measuredKbps, r.fileName).not.toBeNull();
      expect(Math.abs((r.measuredKbps ?? 0) - r.targetKbps) / r.targetKbps, `${r.fileName}: ${r.measuredKbps} kbps`).toBeLessThan(0.15);
    }
    const keys = await Promise.all(result.rungs.map((r) => keyframeTimes(path.join(outDir, r.fileName))));
    expect(keys[0]).toEqual([0, 2]);
    for (const k of keys) expect(k).toEqual(keys[0]);

    expect(result.audio.map((a) => [a.fileName, a.language])).toEqual([
      ['two_langs_AACAudio_eng_128.mp4', 'eng'],
      ['two_langs_AACAudio_fra_128.mp4', 'fra'],
    ]);
    for (const a of result.audio) {
      const j = await ffprobeJson(['-show_entries', 'stream=codec_name,channels,sample_rate,codec_type:stream_tags=language', `file:${path.join(outDir, a.fileName)}`]);
      expect(j.streams).toEqual([{ codec_name: 'aac', codec_type: 'audio', sample_rate: '48000', channels: 2, tags: { language: a.language } }]);
    }

    const ism = parseIsmXml(await readFile(path.join(outDir, 'two_langs.ism'), 'utf8'));
    const sw = ism.smil.body.switch;
    expect(asArray(sw.video).map((v: any) => v.src)).toEqual(result.rungs.map((r) => r.fileName));
    expect(asArray(sw.audio).map((a: any) => a.systemLanguage)).toEqual(['eng', 'fra']);
    const ismc = parseIsmXml(await readFile(path.join(outDir, 'two_langs.ismc'), 'utf8'));
    expect(asArray(ismc.SmoothStreamingMedia.StreamIndex).map((s: any) => s.Type)).toEqual(['video', 'audio', 'audio']);

    const poster = await ffprobeJson(['-show_entries', 'stream=width,height', `file:${path.join(outDir, 'two_langs_poster.jpg')}`]);
    expect(poster.streams[0]).toEqual({ width: 320, height: 180 });
    const sprite = await ffprobeJson(['-show_entries', 'stream=width,height', `file:${path.join(outDir, 'two_langs_thumbnails.jpg')}`]);
    expect(sprite.streams[0]).toEqual({ width: 320, height: 90 });
    expect(await readFile(path.join(outDir, 'two_langs_thumbnails.vtt'), 'utf8')).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\ntwo_langs_thumbnails.jpg#xywh=0,0,160,90\n\n00:00:02.000 --> 00:00:04.000\ntwo_langs_thumbnails.jpg#xywh=160,0,160,90\n',
    );

    expect((await readdir(outDir)).sort()).toEqual([...result.files].sort());
    expect(steps.at(-1)?.percent).toBe(100);
    expect(steps.some((s) => s.step === 'verifying')).toBe(true);
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.percent ?? 0).toBeGreaterThanOrEqual(steps[i - 1]?.percent ?? 0);
  });

  it('a video-only source named with spaces, unicode and a colon: video-only asset', async () => {
    const input = await makeSource('my clip: été 😀.mp4', { size: '320x180', seconds: 3, languages: [] });
    const outDir = path.join(dir, 'asset-noaudio');
    const result = await runEncode({ input, media: await probeFile(input), definition: builtInPreset('AdaptiveStreaming'), outDir });
    expect(result.files.filter((f) => f.endsWith('.mp4'))).toEqual(['my_clip_ete_320x180_380.mp4']);
    expect(result.audio).toEqual([]);
    const ism = parseIsmXml(await readFile(path.join(outDir, 'my_clip_ete.ism'), 'utf8'));
    expect(ism.smil.body.switch.audio).toBeUndefined();
    const j = await ffprobeJson(['-show_entries', 'stream=codec_type,width,height,profile,r_frame_rate', `file:${path.join(outDir, 'my_clip_ete_320x180_380.mp4')}`]);
    expect(j.streams).toEqual([{ codec_type: 'video', width: 320, height: 180, profile: 'Main', r_frame_rate: '30/1' }]);
  });

  it('an interleaved preset muxes the audio into the video file as track 2, and the packager opens it', async () => {
    const input = await makeSource('small.mp4', { size: '320x180', seconds: 3, languages: ['eng'] });
    const outDir = path.join(dir, 'asset-interleaved');
    const result = await runEncode({ input, media: await probeFile(input), definition: builtInPreset('H264MultipleBitrateSD'), outDir });
    expect(result.rungs.map((r) => `${r.fileName} ${r.targetKbps}`)).toEqual(['small_320x180_AACAudio_400.mp4 400']);
    expect(result.warnings.join('\n')).toMatch(/dropped/);
    expect(result.audio).toEqual([expect.objectContaining({ fileName: 'small_320x180_AACAudio_400.mp4', trackId: 2, language: 'eng' })]);
    const j = await ffprobeJson(['-show_entries', 'stream=codec_type,id', `file:${path.join(outDir, 'small_320x180_AACAudio_400.mp4')}`]);
    expect(j.streams.map((s: any) => [s.codec_type, s.id])).toEqual([
      ['video', '0x1'],
      ['audio', '0x2'],
    ]);
    const ismc = parseIsmXml(await readFile(path.join(outDir, 'small.ismc'), 'utf8'));
    expect(asArray(ismc.SmoothStreamingMedia.StreamIndex).map((s: any) => s.Type)).toEqual(['video', 'audio']);
  });

  it('an audio-only source becomes one AAC file and an audio-only .ism', async () => {
    const input = await makeSource('song.m4a', { size: '', seconds: 3, languages: ['eng'], video: false });
    const outDir = path.join(dir, 'asset-audio');
    const result = await runEncode({ input, media: await probeFile(input), definition: builtInPreset('AdaptiveStreaming'), outDir });
    expect(result.files).toEqual(['song_AACAudio_eng_128.mp4', 'song.ismc', 'song.ism']);
    expect(result.thumbnails).toBeNull();
    expect(result.warnings.join('\n')).toMatch(/no video/);
  });

  it('cancel mid-encode leaves nothing behind', async () => {
    const input = await makeSource('long.mp4', { size: '640x360', seconds: 12, languages: ['eng'] });
    const outDir = path.join(dir, 'asset-cancel');
    const controller = new AbortController();
    const run = runEncode({
      input,
      media: await probeFile(input),
      definition: builtInPreset('AdaptiveStreaming'),
      outDir,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.percent > 5) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(EncodeCanceledError);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('a truncated faststart source that ffmpeg "finishes" is an EncodeError saying where it ends', async () => {
    const whole = await makeSource('whole.mp4', { size: '320x180', seconds: 6, languages: ['eng'] });
    const input = path.join(dir, 'half.mp4');
    await ff(['-i', `file:${whole}`, '-c', 'copy', '-movflags', '+faststart', `file:${input}`]);
    await truncate(input, Math.floor((await stat(input)).size / 2));
    const outDir = path.join(dir, 'asset-truncated');
    // The probe warns but accepts it (a faststart index announces the full 6 s); the encode must not.
    const media = await probeFile(input);
    const err = await runEncode({ input, media, definition: builtInPreset('AdaptiveStreaming'), outDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EncodeError);
    expect((err as Error).message).toMatch(/source ends early: its (video|audio) stops at \d+\.\d s of the 6\.0 s/);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('CopyAllBitrateNonInterleaved copies aligned sources and rejects long GOPs', async () => {
    const aligned = await makeSource('aligned.mp4', { size: '320x180', seconds: 4, languages: ['eng'], gop: 60 });
    const outDir = path.join(dir, 'asset-copy');
    const result = await runEncode({ input: aligned, media: await probeFile(aligned), definition: builtInPreset('CopyAllBitrateNonInterleaved'), outDir });
    expect(result.files.filter((f) => f.endsWith('.mp4'))).toHaveLength(2);
    expect(await keyframeTimes(path.join(outDir, result.files[0] ?? ''))).toEqual([0, 2]);

    const longGop = await makeSource('longgop.mp4', { size: '160x90', seconds: 8, languages: [], gop: 240 });
    const badDir = path.join(dir, 'asset-copy-bad');
    await expect(
      runEncode({ input: longGop, media: await probeFile(longGop), definition: builtInPreset('CopyAllBitrateNonInterleaved'), outDir: badDir }),
    ).rejects.toThrow(/not GOP aligned for streaming: 8\.0 s between keyframes.*AdaptiveStreaming/);
    expect(await readdir(badDir)).toEqual([]);
  });
});
