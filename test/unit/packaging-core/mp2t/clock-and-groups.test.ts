import { describe, expect, it } from 'vitest';
import {
  AUDIO_PES_MAX_DURATION_90K,
  groupAudioFrames,
} from '../../../../packaging-core/mp2t/audio-pes-groups.ts';
import { TS_CLOCK_OFFSET_90K, to90k, wrap33 } from '../../../../packaging-core/mp2t/clock.ts';

function frames(count: number, size: number, duration = 1024) {
  return {
    count,
    offsets: new Float64Array(count),
    sizes: new Uint32Array(count).fill(size),
    dts: Float64Array.from({ length: count }, (_, i) => i * duration),
    cto: new Int32Array(count),
    durations: new Uint32Array(count).fill(duration),
    sync: new Uint8Array(count).fill(1),
  };
}

describe('90 kHz clock', () => {
  it('rounds absolute times and adds the shared 10 s offset', () => {
    expect(TS_CLOCK_OFFSET_90K).toBe(900000);
    expect(to90k(0, 48000)).toBe(900000);
    expect(to90k(-1024, 48000)).toBe(900000 - 1920);
    expect(to90k(1001, 30000)).toBe(900000 + 3003);
    expect(to90k(1, 44100)).toBe(900002); // 2.04 → 2
    expect(to90k(-1024, 15360)).toBe(900000 - 6000);
  });

  it('is exact for long media in a fine timescale, where time × 90000 would pass 2^53', () => {
    const t = 100 * 3600 * 10_000_000 + 3333; // 100 h + 333.3 µs at 10 MHz
    expect(to90k(t, 10_000_000)).toBe(100 * 3600 * 90000 + 30 + 900000);
  });

  it('wraps to 33 bits', () => {
    expect(wrap33(2 ** 33 + 5)).toBe(5);
    expect(wrap33(-1)).toBe(2 ** 33 - 1);
  });
});

describe('audio PES grouping', () => {
  it('groups 48 kHz AAC frames by four (85 ms ≤ 90 ms)', () => {
    const g = groupAudioFrames(frames(10, 300), 48000, 0, 10);
    expect([...g]).toEqual([0, 4, 8, 10]);
  });

  it('groups 44.1 kHz frames by three and starts at the given frame', () => {
    const g = groupAudioFrames(frames(10, 300), 44100, 2, 10);
    expect([...g]).toEqual([2, 5, 8, 10]);
    for (let k = 0; k + 1 < g.length; k++)
      expect(((g[k + 1]! - g[k]!) * 1024 * 90000) / 44100).toBeLessThanOrEqual(AUDIO_PES_MAX_DURATION_90K);
  });

  it('keeps a PES within the 16-bit length and accepts a single oversized frame alone', () => {
    expect([...groupAudioFrames(frames(4, 30000), 48000, 0, 4)]).toEqual([0, 2, 4]);
    expect([...groupAudioFrames(frames(3, 1000, 48000), 48000, 0, 3)]).toEqual([0, 1, 2, 3]);
  });
});
