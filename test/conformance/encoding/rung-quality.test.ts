/**
 * Quality per rung (issue 14): the studio's one-pass PSNR/SSIM of every rung equals what ffmpeg's own
 * psnr and ssim filters print for that rung alone, run by hand against the source scaled to the rung.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset } from '../../../electron/studio/encoding/presets.ts';
import { type EncodeResult, runEncode } from '../../../electron/studio/encoding/run-encode.ts';
import { probeFile } from '../../../electron/studio/media/probe.ts';
import { ffmpegBin, mustRun, runProcess } from '../../helpers/run-process.ts';

let dir = '';
let source = '';
let result: EncodeResult;
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rung-quality-'));
  source = path.join(dir, 'clip.mp4');
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=30:d=2,noise=alls=8:allf=t', '-f', 'lavfi', '-i', 'sine=d=2:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '14', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', source,
  ]);
  result = await runEncode({ input: source, media: await probeFile(source), definition: builtInPreset('AdaptiveStreaming'), outDir: path.join(dir, 'out'), measureQuality: true, onLog: (l) => log.push(l) });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** ffmpeg's own verdict on one rung: psnr and ssim filters on the source at the rung's size. */
async function byHand(rung: string, width: number, height: number): Promise<{ psnr: number; ssim: number }> {
  const r = await runProcess(ffmpegBin(), [
    '-hide_banner', '-i', `file:${rung}`, '-i', `file:${source}`,
    '-lavfi', `[1:v]fps=30,format=yuv420p,scale=${width}:${height}:flags=bicubic[ref];[0:v][ref]psnr;[0:v]null[a];[1:v]fps=30,format=yuv420p,scale=${width}:${height}:flags=bicubic[b];[a][b]ssim`,
    '-f', 'null', '-',
  ]);
  const psnr = /PSNR .*average:([\d.]+)/.exec(r.stderr)?.[1];
  const ssim = /SSIM .*All:([\d.]+)/.exec(r.stderr)?.[1];
  if (!psnr || !ssim) throw new Error(r.stderr.slice(-600));
  return { psnr: Number(psnr), ssim: Number(ssim) };
}

describe('PSNR and SSIM per rung', () => {
  it('every rung has numbers, and they equal ffmpeg psnr/ssim run by hand', async () => {
    expect(result.rungs.map((r) => r.height)).toEqual([360, 270, 180]);
    for (const r of result.rungs) {
      expect(r.quality, r.fileName).not.toBeNull();
      const own = await byHand(path.join(result.outDir, r.fileName), r.width, r.height);
      expect(r.quality!.psnr).toBeCloseTo(own.psnr, 2);
      expect(r.quality!.ssim).toBeCloseTo(own.ssim, 4);
      expect(r.quality!.psnr).toBeGreaterThan(25);
      expect(r.quality!.vmaf).toBeNull(); // Debian's ffmpeg has no libvmaf
    }
  });

  it("the job log carries each rung's numbers and says VMAF is not measured here", () => {
    const text = log.join('\n');
    expect(text).toMatch(/no libvmaf filter/);
    for (const r of result.rungs) expect(text).toContain(`quality: ${r.width}x${r.height} at ${r.measuredKbps} kb/s: PSNR ${r.quality!.psnr.toFixed(2)} dB`);
  });
});
