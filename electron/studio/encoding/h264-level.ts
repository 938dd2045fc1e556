/**
 * H.264 profile and level per rung (encoding.md §2.1.7): the lowest level whose frame size, macroblock
 * rate and bitrate limits (ITU-T H.264 Table A-1) fit the rung, never below 3.0 so that
 * players that assume 3.0 as a floor do not reject the small rungs.
 */
import type { H264Profile } from './transform-definition.ts';

interface LevelLimits {
  readonly level: string;
  readonly maxMbps: number; // macroblocks per second
  readonly maxFs: number; // macroblocks per frame
  readonly maxBrKbps: number; // Baseline/Main; High allows 1.25×
}

const LEVELS: readonly LevelLimits[] = [
  { level: '1.0', maxMbps: 1_485, maxFs: 99, maxBrKbps: 64 },
  { level: '1b', maxMbps: 1_485, maxFs: 99, maxBrKbps: 128 },
  { level: '1.1', maxMbps: 3_000, maxFs: 396, maxBrKbps: 192 },
  { level: '1.2', maxMbps: 6_000, maxFs: 396, maxBrKbps: 384 },
  { level: '1.3', maxMbps: 11_880, maxFs: 396, maxBrKbps: 768 },
  { level: '2.0', maxMbps: 11_880, maxFs: 396, maxBrKbps: 2_000 },
  { level: '2.1', maxMbps: 19_800, maxFs: 792, maxBrKbps: 4_000 },
  { level: '2.2', maxMbps: 20_250, maxFs: 1_620, maxBrKbps: 4_000 },
  { level: '3.0', maxMbps: 40_500, maxFs: 1_620, maxBrKbps: 10_000 },
  { level: '3.1', maxMbps: 108_000, maxFs: 3_600, maxBrKbps: 14_000 },
  { level: '3.2', maxMbps: 216_000, maxFs: 5_120, maxBrKbps: 20_000 },
  { level: '4.0', maxMbps: 245_760, maxFs: 8_192, maxBrKbps: 20_000 },
  { level: '4.1', maxMbps: 245_760, maxFs: 8_192, maxBrKbps: 50_000 },
  { level: '4.2', maxMbps: 522_240, maxFs: 8_704, maxBrKbps: 50_000 },
  { level: '5.0', maxMbps: 589_824, maxFs: 22_080, maxBrKbps: 135_000 },
  { level: '5.1', maxMbps: 983_040, maxFs: 36_864, maxBrKbps: 240_000 },
  { level: '5.2', maxMbps: 2_073_600, maxFs: 36_864, maxBrKbps: 240_000 },
];

export function defaultProfile(height: number, width: number): H264Profile {
  return Math.min(width, height) >= 720 ? 'high' : 'main';
}

function fits(l: LevelLimits, width: number, height: number, fps: number, maxrateKbps: number, profile: H264Profile): boolean {
  const fs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const brFactor = profile === 'high' ? 1.25 : 1;
  return fs <= l.maxFs && fs * fps <= l.maxMbps && maxrateKbps <= l.maxBrKbps * brFactor;
}

const FLOOR = LEVELS.findIndex((l) => l.level === '3.0');

/** The lowest level from 3.0 up that fits, or null when even 5.2 does not (8K, or absurd bitrates). */
export function pickLevel(width: number, height: number, fps: number, maxrateKbps: number, profile: H264Profile): string | null {
  return LEVELS.slice(FLOOR).find((l) => fits(l, width, height, fps, maxrateKbps, profile))?.level ?? null;
}

/** "3" → "3.0", "1b" stays. */
export function normalizeLevel(level: string): string {
  return /^\d$/.test(level) ? `${level}.0` : level;
}

/** Whether a level the user set is high enough for the rung. */
export function levelFits(level: string, width: number, height: number, fps: number, maxrateKbps: number, profile: H264Profile): boolean {
  const limits = LEVELS.find((l) => l.level === normalizeLevel(level));
  return limits !== undefined && fits(limits, width, height, fps, maxrateKbps, profile);
}
