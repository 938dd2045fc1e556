/**
 * Every built-in preset on a short 1080p source with enough detail that the encoder can reach its
 * targets: the files AMS would name, the ladder's rungs, bitrates within 15 % of target, keyframes at the
 * same times in every rung (ffprobe), and an .ism/.ismc that packaging-core opens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset, type BuiltInPresetName } from '../../../electron/studio/encoding/presets.ts';
import { runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import type { MediaInfo } from '../../../electron/studio/media/media-info.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { openPresentation } from '../../../packaging-core/index.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';

const SECONDS = 4;
let dir = '';
let source = '';
let media: MediaInfo;

async function keyframeTimes(file: string): Promise<string> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', `file:${file}`]);
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.includes('K'))
    .map((l) => Number(l.split(',')[0]).toFixed(2))
    .join(' ');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'every-preset-'));
  source = path.join(dir, 'mezz.mp4');
  // Temporal noise over testsrc2: hard enough to encode that every rung spends its budget.
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${SECONDS},noise=alls=30:allf=t`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:d=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '256k', '-shortest', source,
  ]);
  media = await probeFile(source);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const presets: { name: BuiltInPresetName; rungs: number; audioOnly?: boolean }[] = [
  { name: 'H264MultipleBitrate1080p', rungs: 8 },
  { name: 'H264MultipleBitrate720p', rungs: 6 },
  { name: 'H264MultipleBitrateSD', rungs: 5 },
  { name: 'H264SingleBitrate1080p', rungs: 1 },
  { name: 'H264SingleBitrate720p', rungs: 1 },
  { name: 'H264SingleBitrateSD', rungs: 1 },
  { name: 'AACGoodQualityAudio', rungs: 0, audioOnly: true },
];

describe('every built-in preset', () => {
  it.each(presets)('$name', async ({ name, rungs, audioOnly }) => {
    const outDir = path.join(dir, name);
    const result = await runEncode({ input: source, media, definition: builtInPreset(name), outDir });
    expect(result.rungs).toHaveLength(rungs);
    const names = new Set(result.files);
    for (const r of result.rungs) {
      // AMS's names: interleaved presets carry the audio in every video file (`_AACAudio_`).
      expect(r.fileName).toBe(`mezz_${r.width}x${r.height}_${result.plan.interleaved ? 'AACAudio_' : ''}${r.targetKbps}.mp4`);
      expect(names.has(r.fileName)).toBe(true);
      const measured = r.measuredKbps ?? 0;
      expect(Math.abs(measured - r.targetKbps) / r.targetKbps, `${r.fileName}: ${measured} kbps`).toBeLessThan(0.15);
    }
    const keyTimes = await Promise.all(result.rungs.map((r) => keyframeTimes(path.join(outDir, r.fileName))));
    for (const k of keyTimes) expect(k).toBe('0.00 2.00');
    expect(result.audio.length).toBeGreaterThan(0);
    if (audioOnly) expect(result.audio[0]!.targetKbps).toBe(192);
    // The packager accepts the asset: one timeline for every rung and the audio.
    const p = await openPresentation(outDir, result.ism);
    expect(p.video).toHaveLength(rungs);
    expect(p.audio.length).toBeGreaterThan(0);
    expect(result.ismc !== null && names.has(result.ismc)).toBe(true);
  });
});
