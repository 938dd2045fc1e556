/** A track's sample tables as read from its boxes, before they are checked and built into a SampleTable. */
import type { CompositionOffsets } from './ctts.ts';
import type { EditEntry } from './elst.ts';
import type { SampleToChunk } from './stsc.ts';
import type { TimeToSample } from './stts.ts';

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
