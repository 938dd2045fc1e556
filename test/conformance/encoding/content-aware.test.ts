/**
 * Content-aware encoding (issue 14) on two 4 s 360p lavfi titles of opposite complexity: the ladders
 * differ the expected way (the static one gets fewer, cheaper rungs), the static one reaches
 * AdaptiveStreaming's top-rung PSNR with at least 30 % fewer bits, and the job log explains the ladder.
 * (Analysis overhead and 720p numbers: npm run bench:encode.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset } from '../../../electron/studio/encoding/presets.ts';
import { type EncodeResult, runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';

let dir = '';
const spent = (r: EncodeResult): number => r.rungs.reduce((s, x) => s + (x.measuredKbps ?? 0), 0);

async function title(name: string, video: string): Promise<string> {
  const file = path.join(dir, name);
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', 'sine=d=4:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '14', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}

async function both(file: string): Promise<{ as: EncodeResult; cae: EncodeResult; log: string[] }> {
  const media = await probeFile(file);
  const log: string[] = [];
  const base = path.basename(file, '.mp4');
  const as = await runEncode({ input: file, media, definition: builtInPreset('AdaptiveStreaming'), outDir: path.join(dir, `${base}-as`), measureQuality: true });
  const cae = await runEncode({ input: file, media, definition: builtInPreset('ContentAwareEncoding'), outDir: path.join(dir, `${base}-cae`), onLog: (l) => log.push(l) });
  return { as, cae, log };
}

let easy: Awaited<ReturnType<typeof both>>;
let hard: Awaited<ReturnType<typeof both>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'content-aware-'));
  easy = await both(await title('slides.mp4', 'testsrc2=s=640x360:r=0.5:d=4,fps=30'));
  hard = await both(await title('noise.mp4', 'testsrc2=s=640x360:r=30:d=4,noise=alls=25:allf=t+u'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ContentAwareEncoding', () => {
  it('gives the static title fewer and cheaper rungs than the noisy one', () => {
    expect(easy.cae.rungs.length).toBeLessThan(hard.cae.rungs.length);
    expect(spent(easy.cae)).toBeLessThan(spent(hard.cae) / 3);
    expect(easy.cae.rungs[0]!.targetKbps).toBeLessThan(hard.cae.rungs[0]!.targetKbps);
  });

  it('reaches AdaptiveStreaming’s top-rung PSNR on the static title with at least 30 % fewer bits', () => {
    expect(easy.cae.rungs[0]!.height).toBe(easy.as.rungs[0]!.height);
    expect(easy.cae.rungs[0]!.quality!.psnr).toBeGreaterThanOrEqual(easy.as.rungs[0]!.quality!.psnr - 0.05);
    expect(spent(easy.cae)).toBeLessThanOrEqual(spent(easy.as) * 0.7);
  });

  it('measures every rung and explains the ladder in the job log', () => {
    for (const r of [...easy.cae.rungs, ...hard.cae.rungs]) expect(r.quality?.psnr).toBeGreaterThan(15);
    const text = easy.log.join('\n');
    expect(text).toMatch(/content-aware: analysed 1 window\(s\) \(1 moved back to a keyframe\)/);
    // The analysis is sized to the title: the easy one's one-rung ladder needs no lower heights probed.
    expect(text).toMatch(/not probed: the top height gives a one-rung ladder/);
    expect(hard.log.join('\n')).toMatch(/more for the lower rungs/);
    expect(text).toMatch(/content-aware: \d+p probes: /);
    expect(text).toMatch(/AdaptiveStreaming's top rung .* would reach [\d.]+ dB here; the top rung aims at/);
    expect(text).toMatch(/content-aware: rung 1: \d+p at \d+ kb\/s/);
    expect(text).toMatch(/stopped at the 150 kb\/s minimum|layer limit/);
    expect(easy.cae.analysisSec).toBeGreaterThan(0);
    expect(easy.as.analysisSec).toBeNull();
  });

  it('keeps AMS’s PresetConfigurations: maxLayers and maxBitrate bound the ladder', async () => {
    const media = await probeFile(path.join(dir, 'noise.mp4'));
    const definition = { ...builtInPreset('ContentAwareEncoding'), name: 'Constrained', contentAware: { maxLayers: 2, maxBitrateKbps: 600 } };
    const r = await runEncode({ input: media.file, media, definition, outDir: path.join(dir, 'constrained') });
    expect(r.rungs.length).toBeLessThanOrEqual(2);
    expect(Math.max(...r.rungs.map((x) => x.targetKbps))).toBeLessThanOrEqual(600);
  });
});
