import { describe, expect, it } from 'vitest';
import { type RawSampleTables, buildSampleTable } from '../../../../packaging-core/mp4/sample-table.ts';

function raw(over: Partial<RawSampleTables> = {}): RawSampleTables {
  return {
    sizes: Uint32Array.from([10, 20, 30, 40, 50]),
    stts: { counts: Uint32Array.from([5]), deltas: Uint32Array.from([512]) },
    ctts: { counts: Uint32Array.from([1, 1, 1, 2]), offsets: Int32Array.from([1024, 2560, 0, 512]) },
    stss: Uint32Array.from([1, 4]),
    // Chunk 1 holds 2 samples, chunks 2.. hold 3 each.
    stsc: { firstChunk: Uint32Array.from([1, 2]), samplesPerChunk: Uint32Array.from([2, 3]), descriptionIndex: Uint32Array.from([1, 1]) },
    chunkOffsets: Float64Array.from([100, 1000]),
    ...over,
  };
}

const noEdits = { timescale: 12800, movieTimescale: 1000, edits: [] };

describe('buildSampleTable', () => {
  it('expands chunk runs into absolute offsets', () => {
    const { samples } = buildSampleTable(raw(), noEdits);
    expect([...samples.offsets]).toEqual([100, 110, 1000, 1030, 1070]);
    expect([...samples.sizes]).toEqual([10, 20, 30, 40, 50]);
  });

  it('expands stts/ctts/stss into per-sample arrays', () => {
    const { samples } = buildSampleTable(raw(), noEdits);
    expect([...samples.dts]).toEqual([0, 512, 1024, 1536, 2048]);
    expect([...samples.durations]).toEqual([512, 512, 512, 512, 512]);
    expect([...samples.cto]).toEqual([1024, 2560, 0, 512, 512]);
    expect([...samples.sync]).toEqual([1, 0, 0, 1, 0]);
  });

  it('treats every sample as sync without stss', () => {
    expect([...buildSampleTable(raw({ stss: undefined }), noEdits).samples.sync]).toEqual([1, 1, 1, 1, 1]);
  });

  it('applies the edit list media_time so the first shown sample has pts 0 (B-frame delay)', () => {
    const { samples, duration } = buildSampleTable(raw(), { timescale: 12800, movieTimescale: 1000, edits: [{ segmentDuration: 200, mediaTime: 1024, mediaRate: 1 }] });
    expect(samples.dts[0]).toBe(-1024);
    expect(samples.dts[0]! + samples.cto[0]!).toBe(0);
    expect(duration).toBe(2560); // 200 ms at 12.8 kHz
  });

  it('adds an empty edit as a delay (movie timescale converted)', () => {
    const { samples, duration } = buildSampleTable(raw({ ctts: undefined }), {
      timescale: 44100,
      movieTimescale: 1000,
      edits: [
        { segmentDuration: 44, mediaTime: -1, mediaRate: 1 },
        { segmentDuration: 58, mediaTime: 0, mediaRate: 1 },
      ],
    });
    expect(samples.dts[0]).toBe(1940); // round(44 ms * 44.1)
    expect(duration).toBe(1940 + 2558); // the 2560-unit media, edited to 58 ms
  });

  it('without an edit list the duration is the last presented sample end', () => {
    // Sample 1 is shown last: dts 512 + cto 2560 + duration 512.
    expect(buildSampleTable(raw(), noEdits).duration).toBe(3584);
  });

  it('rejects tables that do not cover every sample', () => {
    expect(() => buildSampleTable(raw({ stts: { counts: Uint32Array.from([3]), deltas: Uint32Array.from([1]) } }), noEdits)).toThrow(/stts describes 3 samples but stsz lists 5/);
    expect(() => buildSampleTable(raw({ chunkOffsets: Float64Array.from([100]) }), noEdits)).toThrow(/stsc refers to chunk 2 but stco\/co64 lists 1/);
    expect(() => buildSampleTable(raw({ sizes: new Uint32Array(0) }), noEdits)).toThrow(/no samples/);
  });

  it('rejects samples that switch sample descriptions mid-track', () => {
    const stsc = { firstChunk: Uint32Array.from([1, 2]), samplesPerChunk: Uint32Array.from([2, 3]), descriptionIndex: Uint32Array.from([1, 2]) };
    expect(() => buildSampleTable(raw({ stsc }), noEdits)).toThrow(/several sample descriptions/);
  });

  it('ignores edits when the movie has no timescale', () => {
    const { samples } = buildSampleTable(raw(), { timescale: 12800, movieTimescale: 0, edits: [{ segmentDuration: 200, mediaTime: 1024, mediaRate: 1 }] });
    expect(samples.dts[0]).toBe(0);
  });
});
