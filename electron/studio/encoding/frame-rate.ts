/**
 * Target output frame rate: the source's average rate snapped to a broadcast rate, so a VFR phone
 * clip becomes CFR (`fps=` first in the graph) and every rung hits the same 2 s keyframe times.
 */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

const STANDARD_RATES: readonly FrameRate[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
];

/** Within this relative distance a rate is taken as the standard one (VFR averages wander a little). */
const SNAP_TOLERANCE = 0.02;
const MAX_RATE: FrameRate = { num: 60, den: 1 };

export const rateValue = (r: FrameRate): number => r.num / r.den;

export function formatRate(r: FrameRate): string {
  return r.den === 1 ? `${r.num}` : `${r.num}/${r.den}`;
}

export interface SnappedRate {
  readonly rate: FrameRate;
  /** Set when the rate was capped (high-frame-rate sources). */
  readonly warning?: string;
}

export function snapFrameRate(averageFps: number): SnappedRate {
  if (!Number.isFinite(averageFps) || averageFps <= 0) {
    return { rate: { num: 30, den: 1 }, warning: 'The source frame rate is unknown: encoding at 30 fps.' };
  }
  let best: FrameRate | undefined;
  let bestDistance = Infinity;
  for (const r of STANDARD_RATES) {
    const distance = Math.abs(averageFps - rateValue(r)) / rateValue(r);
    if (distance < bestDistance) {
      best = r;
      bestDistance = distance;
    }
  }
  if (best && bestDistance <= SNAP_TOLERANCE) {
    // 23.976 vs 24 and 29.97 vs 30 are 0.1 % apart: snap to the exact nearest one, not the first in range.
    return { rate: best };
  }
  if (averageFps > rateValue(MAX_RATE)) {
    return {
      rate: MAX_RATE,
      warning: `The source runs at ${averageFps.toFixed(2)} fps: encoding at 60 fps (H.264 streaming players expect at most 60).`,
    };
  }
  // Low or unusual rates (15 fps screen captures, 12.5 fps): keep them, to a thousandth of a frame.
  const num = Math.round(averageFps * 1000);
  const g = gcd(num, 1000);
  return { rate: { num: num / g, den: 1000 / g } };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Frames per 2 s GOP: the AMS key-frame interval. */
export function gopFrames(rate: FrameRate, gopSec: number): number {
  return Math.max(1, Math.round(gopSec * rateValue(rate)));
}
