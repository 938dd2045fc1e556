import type { CompositionOffsets } from './ctts.ts';
import type { EditEntry } from './elst.ts';
import type { SampleToChunk } from './stsc.ts';
import type { TimeToSample } from './stts.ts';

// The raw tables as read from the boxes, before they are checked (check-sample-tables.ts) and built into
// one sample table (sample-table.ts); a file of their own so the checker and the builder share them
// without importing each other.
export interface RawSampleTables {
  readonly sizes: Uint32Array;
  readonly stts: TimeToSample;
  readonly ctts: CompositionOffsets | undefined;
  /** 1-based sync sample numbers; undefined = every sample is sync. */
  readonly stss: Uint32Array | undefined;
  readonly stsc: SampleToChunk;
  readonly chunkOffsets: Float64Array;
}

export interface TimeMapping {
  /** Track (mdhd) timescale. */
  readonly timescale: number;
  /** Movie (mvhd) timescale: edit segment durations use it. */
  readonly movieTimescale: number;
  readonly edits: readonly EditEntry[];
}
