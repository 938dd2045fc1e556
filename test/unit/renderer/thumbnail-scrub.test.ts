import { describe, expect, it } from 'vitest';
import { cueIndexAt, formatScrubTime, stepCue, tileStyle, timeAtOffset } from '../../../renderer/src/features/thumbnails/scrub-position.ts';
import { selectable } from '../../../renderer/src/features/encode/use-encoders.ts';

const cue = (start: number, end: number, x: number, y = 0) => ({ start, end, x, y, w: 160, h: 90 });
const cues = [cue(0, 2, 0), cue(2, 4, 160), cue(4, 6, 320), cue(6, 7, 0, 90)];

describe('thumbnail scrubber logic', () => {
  it('finds the cue shown at a time, including between and past cues', () => {
    expect([0, 1.99, 2, 5.5, 6, 7, 99].map((t) => cueIndexAt(cues, t))).toEqual([0, 0, 1, 2, 3, 3, 3]);
    expect(cueIndexAt([], 3)).toBe(0);
  });

  it('maps a pointer offset to a clamped time', () => {
    expect(timeAtOffset(50, 200, 8)).toBe(2);
    expect(timeAtOffset(-10, 200, 8)).toBe(0);
    expect(timeAtOffset(500, 200, 8)).toBe(8);
    expect(timeAtOffset(10, 0, 8)).toBe(0);
  });

  it('steps one cue per arrow key, Home/End jump, other keys do nothing', () => {
    expect(stepCue('ArrowRight', 1, 4)).toBe(2);
    expect(stepCue('ArrowRight', 3, 4)).toBe(3);
    expect(stepCue('ArrowLeft', 0, 4)).toBe(0);
    expect(stepCue('ArrowDown', 2, 4)).toBe(1);
    expect(stepCue('End', 0, 4)).toBe(3);
    expect(stepCue('Home', 3, 4)).toBe(0);
    expect(stepCue('a', 1, 4)).toBeNull();
  });

  it('scales the sprite and shifts it to the tile', () => {
    expect(tileStyle('data:x', 480, 180, cue(6, 7, 0, 90), 1.5)).toMatchObject({
      width: '240px',
      height: '135px',
      backgroundSize: '720px 270px',
      backgroundPosition: '0px -135px',
      backgroundImage: 'url("data:x")',
    });
    expect(tileStyle('data:x', 480, 180, cue(2, 4, 160), 1).backgroundPosition).toBe('-160px 0px');
  });

  it('formats the time with tenths', () => {
    expect(formatScrubTime(0)).toBe('0:00.0');
    expect(formatScrubTime(61.26)).toBe('1:01.3');
  });

  it('keeps the software default selectable only while detection runs', () => {
    const sw = { name: 'libx264', codec: 'h264' as const, label: 'Software', hardware: false, available: false, reason: 'detecting', default: true };
    const hw = { ...sw, name: 'h264_nvenc', hardware: true, default: false };
    expect(selectable(sw, true)).toBe(true);
    expect(selectable(sw, false)).toBe(false);
    expect(selectable(hw, true)).toBe(false);
    expect(selectable({ ...hw, available: true }, false)).toBe(true);
  });
});
