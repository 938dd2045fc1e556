import { describe, expect, it } from 'vitest';
import { FragmentedTrackIndex, indexMoof, parseTrex, fragmentedSampleTable } from '../../../../packaging-core/mp4/fragment-index.ts';
import { childBoxes } from '../../../../packaging-core/mp4/box.ts';
import { box, bytes, fullBox, u32 } from './box-bytes.ts';

const TREX = { descriptionIndex: 1, duration: 512, size: 100, flags: 0x10000 };
const MAP = { timescale: 12800, movieTimescale: 1000, edits: [] };

/** A moof with one traf: tfhd (default-base-is-moof), tfdt v1, and the given truns. */
function moof(trackId: number, time: number, truns: Uint8Array[]): Uint8Array {
  const tfdt = fullBox('tfdt', 1, 0, u32(0), u32(time));
  return box('moof', fullBox('mfhd', 0, 0, u32(1)), box('traf', fullBox('tfhd', 0, 0x20000, u32(trackId)), tfdt, ...truns));
}

describe('fragment index (moof → sample table)', () => {
  it('reads trun sizes, durations, flags and signed composition offsets, defaults from trex, data offsets from the moof', () => {
    // v1 trun: data_offset, then per sample duration, size, flags, cto.
    const trun = fullBox('trun', 1, 0x1 | 0x100 | 0x200 | 0x400 | 0x800, u32(2), u32(200), u32(512), u32(3000), u32(0), u32(1024), u32(512), u32(700), u32(0x10000), u32(0xfffffe00));
    const index = new FragmentedTrackIndex();
    indexMoof(moof(1, 25600, [trun]), 5000, new Map([[1, TREX]]), new Map([[1, index]]));
    // Second moof: no per-sample fields (trex defaults), no data_offset (follows the previous data).
    indexMoof(moof(1, 26624, [fullBox('trun', 0, 0, u32(2))]), 9000, new Map([[1, TREX]]), new Map([[1, index]]));
    const { samples } = fragmentedSampleTable(index, MAP);
    expect(Array.from(samples.offsets)).toEqual([5200, 8200, 9000, 9100]);
    expect(Array.from(samples.sizes)).toEqual([3000, 700, 100, 100]);
    expect(Array.from(samples.dts)).toEqual([25600, 26112, 26624, 27136]);
    expect(Array.from(samples.cto)).toEqual([1024, -512, 0, 0]);
    expect(Array.from(samples.sync)).toEqual([1, 0, 0, 0]);
  });

  it('parses trex defaults from mvex', () => {
    const mvex = box('mvex', fullBox('trex', 0, 0, u32(7), u32(1), u32(1024), u32(0), u32(0)));
    const view = new DataView(mvex.buffer, mvex.byteOffset, mvex.byteLength);
    expect(parseTrex(view, childBoxes(view, 0, mvex.length)[0]!).get(7)).toEqual({ descriptionIndex: 1, duration: 1024, size: 0, flags: 0 });
  });

  it('refuses a trun claiming billions of samples instead of indexing them', () => {
    const hostile = fullBox('trun', 0, 0, u32(0xffffffff));
    expect(() => indexMoof(moof(1, 0, [hostile]), 0, new Map([[1, TREX]]), new Map([[1, new FragmentedTrackIndex()]]))).toThrow(/claims 4294967295 samples/);
  });

  it('names a moof whose traf has no tfhd', () => {
    const bad = box('moof', box('traf', fullBox('tfdt', 0, 0, u32(0))));
    expect(() => indexMoof(bytes(bad), 64, new Map(), new Map())).toThrow(/traf in the moof at byte 64 has no tfhd/);
  });
});
