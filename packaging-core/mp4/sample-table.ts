import type { SampleTable } from '../types/media.ts';
import { BoxFormatError } from './box.ts';
import { checkSampleTables } from './check-sample-tables.ts';
import type { RawSampleTables, TimeMapping } from './sample-tables-raw.ts';

export interface BuiltSampleTable {
  readonly samples: SampleTable;
  /** Presentation duration in the track timescale, edit list applied. */
  readonly duration: number;
}

/** Where each sample sits in the file: chunks from stco/co64, samples per chunk from stsc. */
function fillOffsets(raw: RawSampleTables, offsets: Float64Array): void {
  const { firstChunk, samplesPerChunk } = raw.stsc;
  const chunks = raw.chunkOffsets.length;
  const count = raw.sizes.length;
  let sample = 0;
  for (let run = 0; run < firstChunk.length && sample < count; run++) {
    const from = firstChunk[run]!;
    const to = run + 1 < firstChunk.length ? firstChunk[run + 1]! - 1 : chunks;
    const perChunk = samplesPerChunk[run]!;
    for (let chunk = from; chunk <= to && sample < count; chunk++) {
      let offset = raw.chunkOffsets[chunk - 1];
      if (offset === undefined) throw new BoxFormatError(`stsc refers to chunk ${chunk} but stco/co64 lists ${chunks}`);
      for (let k = 0; k < perChunk && sample < count; k++, sample++) {
        offsets[sample] = offset;
        offset += raw.sizes[sample]!;
      }
    }
  }
  if (sample < count) throw new BoxFormatError(`stsc/stco place only ${sample} of ${count} samples in chunks`);
}

/**
 * The shift the edit list applies to media time (ISO 14496-12 §8.6.6): leading empty edits delay the
 * track, the first real edit's media_time is where presentation starts.
 */
export type { RawSampleTables, TimeMapping };

export function editShift(map: TimeMapping): { shift: number; presentedDuration: number | undefined } {
  // Without a movie timescale, edit durations mean nothing: present the media as it is.
  if (map.movieTimescale === 0) return { shift: 0, presentedDuration: undefined };
  let delay = 0;
  let i = 0;
  const toTrack = (movieUnits: number) => Math.round((movieUnits * map.timescale) / map.movieTimescale);
  while (i < map.edits.length && map.edits[i]!.mediaTime === -1) delay += toTrack(map.edits[i++]!.segmentDuration);
  const first = map.edits[i];
  if (!first) return { shift: delay, presentedDuration: undefined };
  let segments = 0;
  for (let j = i; j < map.edits.length; j++) segments += map.edits[j]!.segmentDuration;
  return {
    shift: delay - first.mediaTime,
    presentedDuration: segments > 0 && map.movieTimescale > 0 ? delay + toTrack(segments) : undefined,
  };
}

/** Expands the run-length boxes into one typed-array entry per sample, edit list applied to dts. */
export function buildSampleTable(raw: RawSampleTables, map: TimeMapping): BuiltSampleTable {
  const count = raw.sizes.length;
  if (count === 0) throw new BoxFormatError('it has no samples (an empty track)');
  const descriptions = raw.stsc.descriptionIndex;
  if (descriptions.some((d) => d !== descriptions[0])) {
    // Only the first sample description is parsed; samples coded with another would be mislabelled.
    throw new BoxFormatError('its codec settings change mid-track (several sample descriptions); re-encode it as one stream');
  }
  checkSampleTables(raw, map);
  const offsets = new Float64Array(count);
  const dts = new Float64Array(count);
  const cto = new Int32Array(count);
  const durations = new Uint32Array(count);
  const sync = new Uint8Array(count);
  fillOffsets(raw, offsets);

  const { shift, presentedDuration } = editShift(map);
  let sample = 0;
  let time = shift;
  const { counts, deltas } = raw.stts;
  for (let run = 0; run < counts.length && sample < count; run++) {
    const delta = deltas[run]!;
    for (let k = counts[run]!; k > 0 && sample < count; k--, sample++) {
      dts[sample] = time;
      durations[sample] = delta;
      time += delta;
    }
  }
  if (sample < count) throw new BoxFormatError(`stts gives times for ${sample} of ${count} samples`);

  if (raw.ctts) {
    sample = 0;
    for (let run = 0; run < raw.ctts.counts.length && sample < count; run++) {
      const offset = raw.ctts.offsets[run]!;
      for (let k = raw.ctts.counts[run]!; k > 0 && sample < count; k--, sample++) cto[sample] = offset;
    }
  }

  if (raw.stss) {
    for (const n of raw.stss) if (n >= 1 && n <= count) sync[n - 1] = 1;
  } else {
    sync.fill(1);
  }

  let end = -Infinity;
  for (let i = 0; i < count; i++) end = Math.max(end, dts[i]! + cto[i]! + durations[i]!);
  return {
    samples: { count, offsets, sizes: raw.sizes, dts, cto, durations, sync },
    duration: presentedDuration ?? end,
  };
}
