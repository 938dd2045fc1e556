import { describe, expect, it } from 'vitest';
import { EtaEstimate } from '../../../../electron/studio/jobs/eta-estimate.ts';

describe('EtaEstimate', () => {
  it('says nothing too early, then follows the average rate without jumping', () => {
    let now = 0;
    const eta = new EtaEstimate(() => now);
    now = 1000;
    expect(eta.update(5)).toBeUndefined(); // 1 s in: too early
    now = 4000;
    expect(eta.update(10)).toBe(36); // 4 s for 10 %: 36 s left
    // A burst of speed (ffmpeg's buffers) moves the estimate a little, not to a new number.
    now = 5000;
    const after = eta.update(20) ?? 0;
    expect(after).toBeGreaterThan(20);
    expect(after).toBeLessThan(36);
    now = 20_000;
    expect(eta.update(100)).toBeUndefined();
  });
});
