/**
 * The sample bytes of a TS segment, read in bounded windows so a segment of any size is built in
 * bounded memory. A segment's samples usually fit one window (2 s of 1080p is ~1 MB): they are then
 * read once, with one positioned read per run of the file, and kept while the segment is sized and
 * written. Beyond one window, the segment is walked twice (once to size it, which H.264/HEVC needs the
 * NAL lengths for, once to write it), one window at a time; the second walk reads from the page cache.
 *
 * Samples are grouped into units (a video access unit, a group of audio frames that make one PES); a
 * window holds whole units, so a unit is always written from one buffer.
 */
import path from 'node:path';
import type { BytePool } from '../io/buffer-pool.ts';
import { type SampleBytes, readSamples } from '../io/read-samples.ts';
import { MediaError } from '../types/errors.ts';
import type { MediaTrack } from '../types/media.ts';

/**
 * The largest sample a TS segment takes. An 8K intra picture at the highest H.264/HEVC levels is a
 * few MiB; a size in the gigabytes is a corrupt sample table, refused before anything is read.
 */
export const MAX_SAMPLE_BYTES = 64 << 20;

export class SampleWindows {
  private readonly track: MediaTrack;
  private readonly indices: Uint32Array;
  /** unitStart[u] = first position in `indices` of unit u; unitStart[units] = indices.length. */
  private readonly unitStart: Uint32Array;
  private readonly pool: BytePool;
  /** windowStart[w] = first unit of window w; the last entry = the unit count. */
  private readonly windowStart: number[];
  private bytes: SampleBytes | null = null;
  private window = -1;
  /** Units [firstUnit, endUnit) and positions [firstPos, …) are in `bytes`. */
  private firstUnit = 0;
  private endUnit = 0;
  private firstPos = 0;

  /**
   * `indices`: the samples in decode order; `unitStart`: where each unit starts in them, plus a last
   * entry of indices.length. Windows are at most `windowBytes` of samples, or one unit.
   */
  constructor(track: MediaTrack, indices: Uint32Array, unitStart: Uint32Array, pool: BytePool, windowBytes: number) {
    this.track = track;
    this.indices = indices;
    this.unitStart = unitStart;
    this.pool = pool;
    const sizes = track.samples.sizes;
    this.windowStart = [0];
    let inWindow = 0;
    const units = unitStart.length - 1;
    for (let u = 0; u < units; u++) {
      let unitBytes = 0;
      for (let k = unitStart[u]!; k < unitStart[u + 1]!; k++) {
        const size = sizes[indices[k]!]!;
        if (size > MAX_SAMPLE_BYTES) {
          throw new MediaError(
            `${path.basename(track.file)} (track ${track.trackId}): sample ${indices[k]} claims ${Math.ceil(size / 1048576)} MiB, more than any picture or audio frame takes (${MAX_SAMPLE_BYTES / 1048576} MiB); the file's sample sizes are corrupt. Re-encode or re-mux the asset.`,
            track.file,
          );
        }
        unitBytes += size;
      }
      if (inWindow > 0 && inWindow + unitBytes > windowBytes) {
        this.windowStart.push(u);
        inWindow = 0;
      }
      inWindow += unitBytes;
    }
    this.windowStart.push(units);
  }

  /** Whether every sample fits one window (read once, kept for both walks). */
  get single(): boolean {
    return this.windowStart.length <= 2;
  }

  /** Makes unit `u` readable (data() and at()); units are visited in order within a walk. */
  async load(u: number): Promise<void> {
    if (u >= this.firstUnit && u < this.endUnit) return;
    let w = this.window + 1;
    if (w >= this.windowStart.length - 1 || this.windowStart[w]! > u) w = 0;
    while (this.windowStart[w + 1]! <= u) w++;
    this.release();
    this.firstUnit = this.windowStart[w]!;
    this.endUnit = this.windowStart[w + 1]!;
    this.firstPos = this.unitStart[this.firstUnit]!;
    this.bytes = await readSamples(this.track, this.indices.subarray(this.firstPos, this.unitStart[this.endUnit]!), this.pool);
    this.window = w;
  }

  /** True when unit u is loaded: the caller can skip the await of load(). */
  has(u: number): boolean {
    return u >= this.firstUnit && u < this.endUnit && this.bytes !== null;
  }

  get data(): Buffer {
    return this.bytes!.data;
  }

  /** Position in data() of the sample at position `k` of `indices`. */
  at(k: number): number {
    return this.bytes!.at[k - this.firstPos]!;
  }

  /** Gives the buffer back to the pool; load() reads again. */
  release(): void {
    if (this.bytes) this.pool.release(this.bytes.data);
    this.bytes = null;
    this.firstUnit = this.endUnit = 0;
    this.window = -1;
  }
}
