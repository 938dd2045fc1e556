import { describe, expect, it } from 'vitest';
import {
  CONTENT_AWARE_DEFAULTS,
  chooseLadder,
  kbpsFor,
  needsLowerHeights,
  needsSecondTopProbe,
  pickProbeHeights,
  psnrAt,
  sampleWindows,
  type ProbePoint,
} from '../../../../electron/studio/encoding/content-aware.ts';
import { windowChain, windowInputs } from '../../../../electron/studio/encoding/source-windows.ts';

const pt = (height: number, kbps: number, psnr: number): ProbePoint => ({ height, kbps, spentKbps: kbps, psnr });

describe('content-aware ladder', () => {
  it('reads the rate–quality curve in log bitrate, flat above the best probe', () => {
    const curve = [pt(720, 300, 40), pt(720, 900, 46)];
    expect(psnrAt(curve, 900)).toBe(46);
    expect(psnrAt(curve, 5000)).toBe(46);
    expect(psnrAt(curve, Math.sqrt(300 * 900))).toBeCloseTo(43, 6);
    expect(psnrAt(curve, 100)).toBeLessThan(40); // extended below
    expect(kbpsFor(curve, 43)).toBeCloseTo(Math.sqrt(300 * 900), 3);
    expect(kbpsFor(curve, 47)).toBe(Infinity);
  });

  it('aims the top at what AdaptiveStreaming would reach, picks the best height per bitrate, and stops at the bounds', () => {
    // 720p dominates at high rates, 360p (upscaled) at low ones.
    const points = [pt(720, 3000, 42), pt(720, 1000, 36), pt(360, 1000, 37), pt(360, 330, 34), pt(180, 330, 31), pt(180, 110, 29)];
    const r = chooseLadder(points, { height: 720, kbps: 3000 }, { ...CONTENT_AWARE_DEFAULTS, minBitrateKbps: 150 }, 'Speed', 'h264');
    expect(r.targetPsnr).toBe(42);
    expect(r.rungs[0]).toEqual({ height: 720, kbps: 3000 });
    expect(r.rungs[1]).toEqual({ height: 360, kbps: 1200 }); // 3000 / 2.5: 360p beats 720p there
    expect(r.rungs.every((x, i) => i === 0 || x.height <= r.rungs[i - 1]!.height)).toBe(true);
    expect(Math.min(...r.rungs.map((x) => x.kbps))).toBeGreaterThanOrEqual(150);
    expect(r.explanation.join('\n')).toMatch(/rung 2: 360p at 1200 kb\/s, the best height at that bitrate/);
    const capped = chooseLadder(points, { height: 720, kbps: 3000 }, { ...CONTENT_AWARE_DEFAULTS, maxLayers: 2, maxBitrateKbps: 2000 }, 'Speed', 'h264');
    expect(capped.rungs).toHaveLength(2);
    expect(capped.rungs[0]!.kbps).toBe(2000);
  });

  it('caps the top quality by complexity and scales probe rates for HEVC', () => {
    const easy = [pt(720, 680, 55), pt(720, 227, 44)];
    const r = chooseLadder(easy, { height: 720, kbps: 680 }, CONTENT_AWARE_DEFAULTS, 'Speed', 'h265');
    expect(r.targetPsnr).toBe(48);
    expect(r.rungs[0]!.kbps).toBeLessThan(680 * 0.6);
  });

  it('samples a tenth of the title in one window below 30 s, three above; probes three heights at most', () => {
    expect(sampleWindows(4)).toEqual([{ startSec: 1, durationSec: 2 }]);
    expect(sampleWindows(120).map((w) => w.durationSec)).toEqual([2, 2, 2]);
    expect(pickProbeHeights([1080, 720, 540, 360, 270, 180])).toEqual([1080, 540, 180]);
    expect(pickProbeHeights([360, 270])).toEqual([360, 270]);
  });

  it('probes further only where it can change the ladder', () => {
    const ref = { height: 720, kbps: 3000 };
    // Below the ceiling, budget spent: the top rung is the reference rate, no second top probe.
    expect(needsSecondTopProbe({ height: 720, kbps: 3000, spentKbps: 2900, psnr: 40 }, 'Speed')).toBe(false);
    // Above the ceiling (where does the curve cross it?) or a fifth of the budget unused (flat curve?).
    expect(needsSecondTopProbe({ height: 720, kbps: 3000, spentKbps: 2900, psnr: 48.5 }, 'Speed')).toBe(true);
    expect(needsSecondTopProbe({ height: 720, kbps: 3000, spentKbps: 2300, psnr: 40 }, 'Speed')).toBe(true);
    // One rung (300 / 2.5 is under the 150 kb/s minimum): lower heights would decide nothing.
    const easy = chooseLadder([pt(720, 300, 40)], { height: 720, kbps: 300 }, CONTENT_AWARE_DEFAULTS, 'Speed', 'h264');
    expect(easy.rungs).toHaveLength(1);
    expect(needsLowerHeights(easy, 2)).toBe(false);
    const hard = chooseLadder([pt(720, 3000, 40)], ref, CONTENT_AWARE_DEFAULTS, 'Speed', 'h264');
    expect(needsLowerHeights(hard, 2)).toBe(true);
    expect(needsLowerHeights(hard, 0)).toBe(false);
  });

  it('reads sample windows through the picture fixes, seeking to starts rounded up (never below a keyframe)', () => {
    expect(windowInputs('/m/a.mp4', [{ startSec: 25 / 3, durationSec: 2 / 3 }])).toEqual(['-ss', '8.333334', '-t', '0.667', '-i', 'file:/m/a.mp4']);
    expect(windowChain(1, 0, ['fps=30'])).toBe('[0:0]fps=30');
    expect(windowChain(2, 1, [])).toBe('[0:1]null[w0];[1:1]null[w1];[w0][w1]concat=n=2:v=1:a=0');
  });
});
