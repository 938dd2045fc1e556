/**
 * Open-time consistency checks of one track's sample tables (ISO 14496-12 §8.6–8.7), run before they
 * are expanded. Every later stage (fragment timeline, manifests, segment builders) trusts these
 * invariants; a table that breaks one is corrupt, and the error names the box and the value, so a
 * 4-byte change in a moov is refused here rather than turning into a negative manifest duration or a
 * gigabyte segment at request time.
 */
import { BoxFormatError } from './box.ts';
import type { RawSampleTables, TimeMapping } from './sample-tables-raw.ts';

/** The longest a single sample may last or be shifted (composition offset, empty edit): one minute. */
export const MAX_SAMPLE_SECONDS = 60;
/** The longest track we package: a week. Anything longer is a corrupt duration, not a recording. */
export const MAX_TRACK_SECONDS = 7 * 24 * 3600;

function sumCounts(counts: Uint32Array): number {
  let total = 0;
  for (const c of counts) total += c;
  return total;
}

function seconds(units: number, timescale: number): string {
  return `${(units / timescale).toFixed(3)} s`;
}

/** stts, ctts, stsc/stco and stss describe exactly the samples stsz lists. */
function checkCounts(raw: RawSampleTables): void {
  const count = raw.sizes.length;
  const timed = sumCounts(raw.stts.counts);
  if (timed !== count) throw new BoxFormatError(`stts describes ${timed} samples but stsz lists ${count}`);
  if (raw.ctts) {
    const offset = sumCounts(raw.ctts.counts);
    if (offset !== count) throw new BoxFormatError(`ctts describes ${offset} samples but stsz lists ${count}`);
  }
  const { firstChunk, samplesPerChunk } = raw.stsc;
  const chunks = raw.chunkOffsets.length;
  if (firstChunk.length === 0) throw new BoxFormatError('stsc is empty: no sample is placed in a chunk');
  if (firstChunk[0] !== 1) throw new BoxFormatError(`stsc starts at chunk ${firstChunk[0]}, not chunk 1`);
  let placed = 0;
  for (let run = 0; run < firstChunk.length; run++) {
    const from = firstChunk[run]!;
    const next = run + 1 < firstChunk.length ? firstChunk[run + 1]! : chunks + 1;
    if (from > chunks) throw new BoxFormatError(`stsc refers to chunk ${from} but stco/co64 lists ${chunks}`);
    if (next <= from) throw new BoxFormatError(`stsc entry ${run + 2} (first chunk ${next}) does not follow entry ${run + 1} (first chunk ${from})`);
    placed += (next - from) * samplesPerChunk[run]!;
  }
  // The last chunk may be partly used by some muxers, never short of samples.
  if (placed < count) throw new BoxFormatError(`stsc/stco place only ${placed} of ${count} samples in chunks`);
  if (raw.stss) {
    let previous = 0;
    for (const n of raw.stss) {
      if (n <= previous || n > count) throw new BoxFormatError(`stss lists sync sample ${n} after ${previous}, outside 1..${count} or out of order`);
      previous = n;
    }
  }
}

/**
 * Decode times strictly increase and stay within sane bounds; composition offsets too. Returns the
 * media's extent in composition time (what edit lists address).
 */
function checkTiming(raw: RawSampleTables, timescale: number): number {
  const count = raw.sizes.length;
  const maxDelta = MAX_SAMPLE_SECONDS * timescale;
  let sample = 0;
  let total = 0;
  const { counts, deltas } = raw.stts;
  for (let run = 0; run < counts.length; run++) {
    const n = counts[run]!;
    const delta = deltas[run]!;
    if (n === 0) continue;
    // A zero duration is tolerated on the very last sample only (some muxers write it); elsewhere two
    // samples would share a decode time.
    const lastRun = sample + n === count;
    if (delta === 0 && !(lastRun && n === 1)) {
      throw new BoxFormatError(`stts entry ${run + 1} gives samples ${sample + 1}..${sample + n} a zero duration: decode times must increase`);
    }
    if (delta > maxDelta) {
      throw new BoxFormatError(`stts entry ${run + 1} gives a sample duration of ${delta} (${seconds(delta, timescale)} at timescale ${timescale}), over the ${MAX_SAMPLE_SECONDS} s limit`);
    }
    sample += n;
    total += n * delta;
  }
  if (total > MAX_TRACK_SECONDS * timescale) {
    throw new BoxFormatError(`stts adds up to ${seconds(total, timescale)}, longer than any real track (limit ${MAX_TRACK_SECONDS / 86400} days)`);
  }
  let latestShow = 0;
  if (raw.ctts) {
    for (let run = 0; run < raw.ctts.counts.length; run++) {
      const offset = raw.ctts.offsets[run]!;
      if (raw.ctts.counts[run]! === 0) continue;
      if (Math.abs(offset) > maxDelta) {
        throw new BoxFormatError(`ctts entry ${run + 1} has a composition offset of ${offset} (${seconds(offset, timescale)}), over the ${MAX_SAMPLE_SECONDS} s limit`);
      }
      latestShow = Math.max(latestShow, offset);
    }
  }
  // Edit media times are composition times: reordered frames are shown up to the largest offset later.
  return total + latestShow;
}

/** Every edit presents media that exists: media_time inside the media, its span not past the end. */
function checkEdits(map: TimeMapping, mediaDuration: number, longestSample: number): void {
  if (map.movieTimescale === 0) return;
  const toTrack = (movieUnits: number) => (movieUnits * map.timescale) / map.movieTimescale;
  // Rounding between the movie and track timescales, and muxers that end an edit on the last frame's
  // end rather than its start, may overshoot by up to one sample.
  const slack = longestSample + 1;
  map.edits.forEach((edit, i) => {
    const where = `elst entry ${i + 1}`;
    const span = toTrack(edit.segmentDuration);
    if (edit.mediaTime === -1) {
      if (span > MAX_SAMPLE_SECONDS * map.timescale) {
        throw new BoxFormatError(`${where} delays the track by ${seconds(span, map.timescale)} (segment_duration ${edit.segmentDuration} at movie timescale ${map.movieTimescale}), over the ${MAX_SAMPLE_SECONDS} s limit`);
      }
      return;
    }
    if (edit.mediaTime < 0 || edit.mediaTime >= mediaDuration) {
      throw new BoxFormatError(`${where} starts at media_time ${edit.mediaTime}, outside the media (0..${mediaDuration} at timescale ${map.timescale})`);
    }
    if (edit.mediaTime + span > mediaDuration + slack) {
      throw new BoxFormatError(
        `${where} presents ${seconds(span, map.timescale)} from media_time ${edit.mediaTime} (segment_duration ${edit.segmentDuration} at movie timescale ${map.movieTimescale}) but the media lasts ${seconds(mediaDuration, map.timescale)}`,
      );
    }
  });
}

/**
 * Throws a BoxFormatError (the reader adds the file and track) when the tables disagree on the sample
 * count, when decode times do not strictly increase, when a duration, offset or timescale is outside
 * sane bounds, or when an edit presents time outside the media.
 */
export function checkSampleTables(raw: RawSampleTables, map: TimeMapping): void {
  if (map.timescale === 0) throw new BoxFormatError('mdhd has a zero timescale');
  checkCounts(raw);
  const duration = checkTiming(raw, map.timescale);
  let longest = 0;
  for (const d of raw.stts.deltas) longest = Math.max(longest, d);
  checkEdits(map, duration, longest);
}
