import { describe, expect, it } from 'vitest';
import { ThrottledWriter } from '../../../../electron/studio/jobs/throttled-writer.ts';

describe('ThrottledWriter', () => {
  it('writes the first update at once, then at most one per interval, always ending on the latest', () => {
    let t = 0;
    const written: number[] = [];
    const w = new ThrottledWriter<number>(1000, (v) => written.push(v), () => t);
    w.push(1);
    w.push(2);
    w.push(3);
    expect(written).toEqual([1]);
    w.flush();
    expect(written).toEqual([1, 3]);
    t = 500;
    w.push(4);
    expect(written).toEqual([1, 3]);
    w.cancel();
    w.flush();
    expect(written).toEqual([1, 3]);
    t = 2000;
    w.push(5);
    expect(written).toEqual([1, 3, 5]);
  });

  it('writes a held update when the interval ends', async () => {
    const written: number[] = [];
    const w = new ThrottledWriter<number>(30, (v) => written.push(v));
    for (let i = 1; i <= 50; i++) w.push(i);
    expect(written).toEqual([1]);
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toEqual([1, 50]);
  });
});
