import { describe, expect, it } from 'vitest';
import { parseQualityLog, qualityGraph } from '../../../../electron/studio/encoding/rung-quality.ts';

describe('rung quality', () => {
  it("reads ffmpeg's psnr/ssim/libvmaf summaries by instance name", () => {
    const lines = [
      '[psnr@q1 @ 0x5581] [info] PSNR y:40.11 u:44.02 v:44.50 average:41.234567 min:38.1 max:45.2',
      '[ssim@q1 @ 0x5582] [info] SSIM Y:0.97 (15.2) U:0.98 (17.0) V:0.98 (17.1) All:0.975432 (16.1)',
      '[psnr@q0 @ 0x5583] [info] PSNR y:inf u:inf v:inf average:inf min:inf max:inf',
      '[ssim@q0 @ 0x5584] [info] SSIM Y:1.000000 (inf) All:1.000000 (inf)',
      '[libvmaf@q1 @ 0x5585] [info] VMAF score: 93.123',
      'unrelated [info] PSNR without an instance',
    ];
    expect(parseQualityLog(lines, 2)).toEqual([
      { psnr: Infinity, ssim: 1, vmaf: null },
      { psnr: 41.234567, ssim: 0.975432, vmaf: 93.123 },
    ]);
  });

  it('decodes the source once: one split to the rungs, named metric instances per rung', () => {
    const g = qualityGraph({ source: 's.mp4', sourceIndex: 0, preFilters: ['fps=30', 'format=yuv420p'] }, [
      { file: 'a.mp4', width: 640, height: 360 },
      { file: 'b.mp4', width: 320, height: 180 },
    ], false);
    expect(g.startsWith('[0:0]fps=30,format=yuv420p,split=2[s0][s1];')).toBe(true);
    expect(g).toContain('[s1]scale=320:180:flags=bicubic,setsar=1,format=yuv420p,split=2[r1_0][r1_1]');
    expect(g).toContain('[2:v:0]setsar=1,format=yuv420p,split=2[d1_0][d1_1]');
    expect(g).toContain('[d1_0][r1_0]psnr@q1');
    expect(g).not.toContain('libvmaf');
  });

  it('compares against sample windows of the source: one input each, concatenated, rungs after them', () => {
    const g = qualityGraph({ source: 's.mp4', sourceIndex: 0, preFilters: ['fps=30'], windows: [{ startSec: 1, durationSec: 1 }, { startSec: 9, durationSec: 1 }] }, [
      { file: 'a.mp4', width: 640, height: 360 },
    ], false, true);
    expect(g.startsWith('[0:0]fps=30[w0];[1:0]fps=30[w1];[w0][w1]concat=n=2:v=1:a=0,split=1[s0];')).toBe(true);
    expect(g).toContain('[2:v:0]setsar=1');
    expect(g).not.toContain('ssim');
  });
});
