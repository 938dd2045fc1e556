/**
 * Six real-world files of the shared corpus that H264SingleBitrateSD used to get wrong (issue 14),
 * each encoded the way a user would and checked with ffprobe/ffmpeg as the independent judge.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncodeError } from '../../../electron/studio/encoding/encode-error.ts';
import { builtInPreset } from '../../../electron/studio/encoding/presets.ts';
import { type EncodeResult, runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { ffmpegBin, ffprobeBin, mustRun, runProcess } from '../../helpers/run-process.ts';
import { CORPUS } from '../../helpers/corpus.ts';

const corpus = (name: string): string => path.join(CORPUS, name);
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpus-encode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function encodeSD(name: string): Promise<EncodeResult> {
  const input = corpus(name);
  return runEncode({ input, media: await probeFile(input), definition: builtInPreset('H264SingleBitrateSD'), outDir: path.join(dir, name) });
}

async function streamFacts(file: string, select: string, entries: string): Promise<Record<string, unknown>> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-select_streams', select, '-count_frames', '-show_entries', entries, '-of', 'json', `file:${file}`]);
  return (JSON.parse(r.stdout.toString()) as { streams: Record<string, unknown>[] }).streams[0] ?? {};
}

/** PSNR (dB) of `encoded` against the source decoded without auto-rotation and transformed by `transform`. */
async function psnrAgainst(source: string, encoded: string, transform: string, size: string): Promise<number> {
  const r = await runProcess(ffmpegBin(), [
    '-hide_banner', '-noautorotate', '-i', `file:${source}`, '-i', `file:${encoded}`,
    '-filter_complex', `[0:v]${transform},scale=${size},setsar=1[ref];[1:v]setsar=1[enc];[enc][ref]psnr`, '-f', 'null', '-',
  ]);
  const m = /average:([\d.]+|inf)/.exec(r.stderr);
  if (!m?.[1]) throw new Error(`no PSNR in ffmpeg's output:\n${r.stderr.slice(-800)}`);
  return m[1] === 'inf' ? Infinity : Number(m[1]);
}

describe.skipIf(!existsSync(CORPUS))('corpus files the encoder used to get wrong', () => {
  it('a complete fragmented MP4 whose timestamps start at 10 s (an HLS segment) encodes all of its 7.1 s', async () => {
    const result = await encodeSD('fmp4_hls_h264_cea608_start10s.mp4');
    const rung = path.join(dir, 'fmp4_hls_h264_cea608_start10s.mp4', result.rungs[0]!.fileName);
    const v = await streamFacts(rung, 'v:0', 'stream=duration,nb_read_frames');
    expect(Number(v.duration)).toBeCloseTo(7.13, 1);
    expect(Number(v.nb_read_frames)).toBe(214); // every source frame, 30 fps
  });

  it('gapless AAC (iTunSMPB: 2048 priming + 576 padding samples) is not mistaken for a cut file', async () => {
    const result = await encodeSD('aac_lc_8khz_mono_fdkaac_priming.m4a');
    expect(result.rungs).toHaveLength(0);
    const a = await streamFacts(path.join(dir, 'aac_lc_8khz_mono_fdkaac_priming.m4a', result.audio[0]!.fileName), 'a:0', 'stream=duration');
    // The tag's original length: 24000 samples at 8 kHz.
    expect(Number(a.duration)).toBeGreaterThan(2.95);
    expect(Number(a.duration)).toBeLessThan(3.15);
  });

  it('AMR-NB this ffmpeg decodes only partly: the error says so and names FFMPEG_PATH, and blames no file', async () => {
    const name = 'featurephone_h263_amrnb_jpn_moovend.3gp';
    const error = await encodeSD(name).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(EncodeError);
    const message = (error as EncodeError).message;
    expect(message).toMatch(/cannot fully decode the AMR-NB audio/);
    expect(message).toMatch(/FFMPEG_PATH/);
    expect(message).toMatch(/not damaged/);
    expect(message).not.toMatch(/ends early|copy it again/);
    expect(existsSync(path.join(dir, name)) ? await readdir(path.join(dir, name)) : []).toEqual([]);
  });

  it('Matroska without DefaultDuration: the rate comes from the timestamps (30 fps, not 30.99), no frame dropped or repeated', async () => {
    const name = 'mkv_h264_ac3_no_default_duration.mkv';
    const result = await encodeSD(name);
    const fps = result.plan.video!.frameRate.num / result.plan.video!.frameRate.den;
    expect(Math.abs(fps - 29.985)).toBeLessThan(0.03); // 29.97 or 30: the 1 ms timestamps cannot tell them apart on 1 s
    const file = path.join(dir, name, result.rungs[0]!.fileName);
    const v = await streamFacts(file, 'v:0', 'stream=duration,nb_read_frames');
    const a = await streamFacts(file, 'a:0', 'stream=duration');
    expect(Number(v.nb_read_frames)).toBe(30); // the source's 30 frames
    expect(Math.abs(Number(v.duration) - Number(a.duration))).toBeLessThan(0.06);
  });

  it('a display matrix that rotates and reflects (a transpose) is applied whole, not as a plain rotation', async () => {
    const name = 'h264_aac_rotate_and_reflect_matrix.mp4';
    const result = await encodeSD(name);
    const rung = result.rungs[0]!;
    expect([rung.width, rung.height]).toEqual([480, 720]);
    const file = path.join(dir, name, rung.fileName);
    const size = `${rung.width}:${rung.height}`;
    // The matrix {0 1, 1 0} maps (x, y) to (y, x): ffmpeg's transpose=cclock_flip.
    expect(await psnrAgainst(corpus(name), file, 'transpose=cclock_flip', size)).toBeGreaterThan(35);
    expect(await psnrAgainst(corpus(name), file, 'transpose=clock', size)).toBeLessThan(20);
    const side = await streamFacts(file, 'v:0', 'stream_side_data=side_data_type');
    expect(side.side_data_list ?? []).toEqual([]); // no display matrix left for players to apply twice
  });

  it('HDR10 tone-mapped to SDR carries no mastering-display or content-light-level metadata', async () => {
    const name = 'av1_10bit_hdr10_mdcv_clli_aac.mp4';
    const result = await encodeSD(name);
    const v = await streamFacts(path.join(dir, name, result.rungs[0]!.fileName), 'v:0', 'stream=color_transfer,color_primaries:stream_side_data=side_data_type');
    expect(v.color_transfer).toBe('bt709');
    expect(v.color_primaries).toBe('bt709');
    expect(JSON.stringify(v.side_data_list ?? [])).not.toMatch(/Mastering display|Content light level/);
    // The source does carry both, so the check above is not vacuous.
    const src = await streamFacts(corpus(name), 'v:0', 'stream_side_data=side_data_type');
    expect(JSON.stringify(src.side_data_list)).toMatch(/Mastering display.*Content light level/);
  });
});
