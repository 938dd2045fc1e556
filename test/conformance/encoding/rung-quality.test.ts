/**
 * Quality per rung (issue 14), as a user gets it: `origin-studio encode --measure-quality`, then
 * `assets show <id> --quality` (table and JSON). The numbers stored in the catalog equal what ffmpeg's
 * own psnr and ssim filters print for each rung alone, run by hand against the source scaled to the
 * rung; the measured bitrate equals ffprobe's; VMAF is said to be missing (Debian's ffmpeg has no libvmaf).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetSummaryData, JobData } from '../../../electron/studio/api/contract.ts';
import { doneJob, runCli } from '../../helpers/cli-run.ts';
import { encodeSource } from '../../helpers/fixtures.ts';
import { ffmpegBin, ffprobeBin, runProcess } from '../../helpers/run-process.ts';

let dir = '';
let library = '';
let source = '';
let job: JobData;
let shown: AssetSummaryData;

const cli = (...args: string[]) => runCli(library, ...args);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rung-quality-'));
  library = path.join(dir, 'library');
  source = await encodeSource(path.join(dir, 'clip.mp4'), { seconds: 2, crf: 14, noise: 8 });
  const encoded = await cli('encode', source, '--preset', 'AdaptiveStreaming', '--measure-quality', '--json');
  expect(encoded.code, encoded.stderr).toBe(0);
  job = doneJob(encoded.stdout);
  const r = await cli('assets', 'show', job.outputAssetId!, '--quality', '--json');
  expect(r.code, r.stderr).toBe(0);
  shown = JSON.parse(r.stdout) as AssetSummaryData;
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
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

const rungFile = (file: string): string => path.join(library, 'assets', job.outputAssetId!, file);

describe('PSNR and SSIM per rung, stored and shown', () => {
  it('every stored rung has numbers, and they equal ffmpeg psnr/ssim run by hand', async () => {
    expect(job.state).toBe('Finished');
    expect(job.measureQuality).toBe(true);
    expect(shown.rungs?.map((r) => r.resolution)).toEqual(['640x360', '480x270', '320x180']);
    for (const r of shown.rungs ?? []) {
      const own = await byHand(rungFile(r.file), r.width, r.height);
      expect(r.psnr, r.file).toBeCloseTo(own.psnr, 2);
      expect(r.ssim, r.file).toBeCloseTo(own.ssim, 4);
      expect(r.psnr!).toBeGreaterThan(25);
      expect(r.vmaf).toBeNull(); // Debian's ffmpeg has no libvmaf
    }
    // Lower rungs cost fewer bits and lose quality: the curve a plot shows.
    const kbps = shown.rungs!.map((r) => r.measuredKbps!);
    expect([...kbps].sort((a, b) => b - a)).toEqual(kbps);
  });

  it("the measured bitrate is the rung's video bitrate as ffprobe reads it", async () => {
    for (const r of shown.rungs ?? []) {
      const p = await runProcess(ffprobeBin(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=bit_rate', '-of', 'csv=p=0', rungFile(r.file)]);
      expect(r.measuredKbps).toBe(Math.round(Number(String(p.stdout).trim()) / 1000));
      expect(Math.abs(r.measuredKbps! - r.targetKbps) / r.targetKbps).toBeLessThan(0.5);
    }
  });

  it('the table says what was measured, and that VMAF was not (no libvmaf)', async () => {
    const r = await cli('assets', 'show', job.outputAssetId!, '--quality');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/qualityNote: .*PSNR and SSIM.*no libvmaf filter.*VMAF is not measured/);
    expect(r.stdout).toMatch(/RESOLUTION\s+MEASURED-KBPS\s+TARGET-KBPS\s+PSNR\s+SSIM\s+VMAF\s+FILE/);
    const top = shown.rungs![0]!;
    expect(r.stdout).toMatch(new RegExp(`640x360\\s+${top.measuredKbps}\\s+${top.targetKbps}\\s+${top.psnr}\\s+${top.ssim}\\s+-\\s+${top.file}`));
    // Without --quality: the asset in brief, no rungs.
    const brief = JSON.parse((await cli('assets', 'show', job.outputAssetId!, '--json')).stdout) as AssetSummaryData;
    expect(brief.rungs).toBeUndefined();
    expect(brief.ismName).toMatch(/\.ism$/);
  });

  it("the job log carries each rung's numbers and says VMAF is not measured here", async () => {
    const log = JSON.parse((await cli('jobs', 'log', job.id, '--json')).stdout) as { text: string };
    expect(log.text).toMatch(/no libvmaf filter/);
    for (const r of shown.rungs ?? []) {
      const line = new RegExp(`quality: ${r.resolution} at ${r.measuredKbps} kb/s: PSNR ([\\d.]+) dB, SSIM ([\\d.]+)`).exec(log.text);
      // The log rounds to 2 (PSNR) and 4 (SSIM) decimals: half a unit of the last place, exactly.
      expect(Math.abs(Number(line?.[1]) - r.psnr!)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(Number(line?.[2]) - r.ssim!)).toBeLessThanOrEqual(0.00005 + 1e-9);
    }
  });
});
