/**
 * Hardware encoder choice and the thumbnail sprite through the studio API on this machine (no GPU):
 * detection really runs the trial encodes, the option names each encoder is given exist in this
 * ffmpeg's own help, and the sprite the encoder's thumbnail step writes comes back with its cues.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/studio/api/dispatch.ts';
import { assetFolderPath, insertAsset, listAssets } from '../../../electron/studio/catalog/assets-repo.ts';
import { listJobs } from '../../../electron/studio/catalog/jobs-repo.ts';
import { planLadder } from '../../../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../../../electron/studio/encoding/presets.ts';
import { writeThumbnails } from '../../../electron/studio/encoding/thumbnails.ts';
import type { VideoEncoderName } from '../../../electron/studio/encoding/video-encoder-names.ts';
import { videoEncoderArgs } from '../../../electron/studio/encoding/video-encoders.ts';
import { parseListing } from '../../../electron/studio/media/capabilities.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';
import { studioCalls } from '../../helpers/test-studio.ts';

let fx: AbrFixture;
let dir = '';
let studio: Studio;

const { call } = studioCalls(() => studio);

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'studio-encoders-'));
  studio = await openStudio({ libraryDir: path.join(dir, 'library'), runJobs: false });
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('encoders.list on this machine', () => {
  it('offers libx264 as the available default and h264_nvenc as unavailable with ffmpeg’s reason', async () => {
    const list = await call('encoders.list', { wait: true });
    expect(list.detecting).toBe(false);
    expect(list.error).toBeNull();
    expect(list.encoders.find((e) => e.name === 'libx264')).toMatchObject({ hardware: false, available: true, default: true, reason: null });
    const nvenc = list.encoders.find((e) => e.name === 'h264_nvenc');
    expect(nvenc).toMatchObject({ hardware: true, available: false, default: false });
    expect(nvenc?.reason).toMatch(/\S{6}/);
    // Once detected, an immediate call answers from the cache.
    expect((await call('encoders.list', {})).detecting).toBe(false);
  });

  it('jobs.encode refuses h264_nvenc here, saying why and what to use, and queues nothing', async () => {
    const asset = await call('assets.import', { path: fx.mezzanine });
    const assetsBefore = listAssets(studio.catalog).length;
    const reply = await dispatch(studio.handlers, 'jobs.encode', { assetId: asset.id, transformName: 'AdaptiveStreaming', encoder: 'h264_nvenc' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('encoder-unavailable');
    expect(reply.error.message).toMatch(/h264_nvenc.*cannot be used on this machine: \S+/);
    expect(reply.error.hint).toMatch(/libx264/);
    expect(listJobs(studio.catalog)).toHaveLength(0);
    expect(listAssets(studio.catalog)).toHaveLength(assetsBefore);
    const unknown = await dispatch(studio.handlers, 'jobs.encode', { assetId: asset.id, transformName: 'AdaptiveStreaming', encoder: 'mpeg2video' });
    expect(unknown.ok ? null : unknown.error.code).toBe('invalid-argument');
  });
});

/** Option names (and named values) of an encoder's help, plus the codec-generic ones of `-h full`. */
async function optionTable(encoder: string): Promise<Map<string, Set<string>>> {
  const table = new Map<string, Set<string>>();
  const read = (text: string) => {
    let current: Set<string> | null = null;
    for (const line of text.split('\n')) {
      const opt = /^ {2}-(\S+)\s+<\w+>/.exec(line);
      if (opt?.[1]) {
        current = table.get(opt[1]) ?? new Set();
        table.set(opt[1], current);
        continue;
      }
      const constant = /^ {5}(\S+)\s+/.exec(line);
      if (constant?.[1] && current) current.add(constant[1]);
    }
  };
  read((await mustRun(ffmpegBin(), ['-hide_banner', '-h', `encoder=${encoder}`])).stdout.toString('utf8'));
  const full = (await mustRun(ffmpegBin(), ['-hide_banner', '-h', 'full'])).stdout.toString('utf8');
  const generic = full.slice(full.indexOf('AVCodecContext AVOptions:'), full.indexOf('AVFormatContext AVOptions:'));
  read(generic);
  return table;
}

describe('hardware encoder options exist in this ffmpeg', async () => {
  const listed = parseListing((await mustRun(ffmpegBin(), ['-hide_banner', '-encoders'])).stdout.toString('utf8'));
  const hardware = (['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf'] as const).filter((e) => listed.includes(e));

  it.each(hardware)('%s: every option name and named value is one ffmpeg knows', async (encoder: VideoEncoderName) => {
    const media = await probeFile(fx.mezzanine);
    const video = planLadder(builtInPreset('AdaptiveStreaming'), media, { zscale: false, videoEncoder: encoder }).video;
    const table = await optionTable(encoder);
    // ffmpeg's own command-line options (not AVOptions of the codec).
    const cli = new Set(['c', 'force_key_frames']);
    for (const rung of video?.rungs ?? []) {
      const args = videoEncoderArgs(encoder, video!, rung);
      for (let i = 0; i < args.length; i += 2) {
        const name = (args[i] ?? '').replace(/^-/, '').replace(/:v$/, '');
        const value = args[i + 1] ?? '';
        if (cli.has(name)) continue;
        const constants = table.get(name);
        expect(constants, `${encoder} has no option -${name}`).toBeDefined();
        // A value that is not a number/bitrate/flag expression must be one of the option's named constants.
        if (constants && constants.size > 0 && !/^[\d.]+k?$|^\+/.test(value)) {
          expect([...constants], `${encoder} -${name} ${value}`).toContain(value);
        }
      }
    }
  });
});

describe('assets.thumbnails', () => {
  it('returns the sprite as a data URL with one cue per 2 s keyframe, in the sprite’s pixel grid', async () => {
    const asset = insertAsset(studio.catalog, { name: 'thumbs', ismName: fx.ismName, state: 'Finished' });
    const folder = assetFolderPath(studio.catalog, asset);
    await cp(fx.folder, folder, { recursive: true });
    const smallest = fx.videoFiles.reduce((a, b) => (b.rung.height < a.rung.height ? b : a));
    const file = path.join(folder, path.basename(smallest.file));
    const keyframes = [0, 2, 4, 6, 8, 10, 12];
    await writeThumbnails(ffmpegBin(), { file, width: smallest.rung.width, height: smallest.rung.height, keyframesSec: keyframes, durationSec: 13 }, folder, 'thumbs');

    const t = await call('assets.thumbnails', { id: asset.id });
    expect(t.sprite).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(t.cues.map((c) => [c.start, c.end])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10], [10, 12], [12, 13]]);
    expect(new Set(t.cues.map((c) => `${c.x},${c.y}`)).size).toBe(7);
    expect(t.spriteWidth).toBe(7 * 160);
    expect(t.spriteHeight).toBe(t.cues[0]?.h);
    // The JPEG is really that big: the tiles the cues point at exist.
    const jpeg = Buffer.from((t.sprite ?? '').split(',')[1] ?? '', 'base64');
    const sof = jpeg.findIndex((b, i) => b === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2));
    expect([jpeg.readUInt16BE(sof + 7), jpeg.readUInt16BE(sof + 5)]).toEqual([t.spriteWidth, t.spriteHeight]);
  });

  it('an asset without a sprite has none', async () => {
    const asset = await call('assets.import', { path: fx.mezzanine });
    expect(await call('assets.thumbnails', { id: asset.id })).toEqual({ sprite: null, spriteWidth: 0, spriteHeight: 0, cues: [] });
  });
});
