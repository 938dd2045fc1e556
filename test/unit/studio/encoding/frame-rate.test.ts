import { describe, expect, it } from 'vitest';
import { formatRate, gopFrames, snapFrameRate } from '../../../../electron/studio/encoding/frame-rate.ts';

describe('snapFrameRate', () => {
  it.each([
    [23.976, '24000/1001'],
    [24, '24'],
    [24.3, '24'],
    [25, '25'],
    [29.97, '30000/1001'],
    [29.5, '30000/1001'],
    [30.2, '30'],
    [1350 / 45, '30'],
    [49.9, '50'],
    [59.94, '60000/1001'],
    [60, '60'],
  ])('%f fps → %s', (fps, want) => {
    const r = snapFrameRate(fps);
    expect(formatRate(r.rate)).toBe(want);
    expect(r.warning).toBeUndefined();
  });

  it('keeps low unusual rates and caps high ones at 60', () => {
    expect(formatRate(snapFrameRate(15).rate)).toBe('15');
    expect(formatRate(snapFrameRate(12.5).rate)).toBe('25/2');
    const high = snapFrameRate(120);
    expect(formatRate(high.rate)).toBe('60');
    expect(high.warning).toMatch(/120.00 fps/);
    expect(snapFrameRate(0).warning).toMatch(/unknown/);
  });

  it('GOP is round(2·fps)', () => {
    expect(gopFrames({ num: 30000, den: 1001 }, 2)).toBe(60);
    expect(gopFrames({ num: 24000, den: 1001 }, 2)).toBe(48);
    expect(gopFrames({ num: 25, den: 1 }, 2)).toBe(50);
    expect(gopFrames({ num: 25, den: 2 }, 2)).toBe(25);
  });
});
