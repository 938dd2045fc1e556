/**
 * Reads the bytes of chosen samples of a track with few positioned reads: samples that sit close
 * together in the file (a segment of a video-only MP4 is one contiguous run; an interleaved file has
 * small gaps of the other track) are read as one range into one buffer.
 */
import type { MediaTrack } from '../types/media.ts';
import { MediaError } from '../types/errors.ts';
import { withFileHandle } from './file-handle-pool.ts';

/** Gaps up to this size are read through rather than split into another read. */
const MERGE_GAP = 64 * 1024;

export interface SampleBytes {
  readonly data: Buffer;
  /** Position in `data` of each requested sample, in request order. */
  readonly at: Float64Array;
}

/** `indices` ascend in decode order (they may skip samples, e.g. keyframes only). */
export async function readSamples(track: MediaTrack, indices: ArrayLike<number>): Promise<SampleBytes> {
  const { offsets, sizes } = track.samples;
  const at = new Float64Array(indices.length);
  const runs: { fileOffset: number; length: number; bufferOffset: number }[] = [];
  let total = 0;
  let runStart = -1;
  let runEnd = -1;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] ?? 0;
    const offset = offsets[i] ?? 0;
    const end = offset + (sizes[i] ?? 0);
    if (runStart < 0 || offset < runStart || offset > runEnd + MERGE_GAP) {
      if (runStart >= 0)
        runs.push({
          fileOffset: runStart,
          length: runEnd - runStart,
          bufferOffset: total - (runEnd - runStart),
        });
      runStart = offset;
      runEnd = end;
      total += end - offset;
    } else if (end > runEnd) {
      total += end - runEnd;
      runEnd = end;
    }
    at[k] = total - (runEnd - runStart) + (offset - runStart);
  }
  if (runStart >= 0)
    runs.push({ fileOffset: runStart, length: runEnd - runStart, bufferOffset: total - (runEnd - runStart) });

  const data = Buffer.allocUnsafe(total);
  await withFileHandle(track, track.file, (handle) =>
    Promise.all(
      runs.map(async (run) => {
        let done = 0;
        while (done < run.length) {
          const { bytesRead } = await handle.read(
            data,
            run.bufferOffset + done,
            run.length - done,
            run.fileOffset + done,
          );
          if (bytesRead === 0) {
            throw new MediaError(
              `${track.file} ends at byte ${run.fileOffset + done}, but track ${track.trackId}'s samples reach byte ${run.fileOffset + run.length}: the file is truncated. Re-copy or re-encode the asset.`,
              track.file,
            );
          }
          done += bytesRead;
        }
      }),
    ),
  );
  return { data, at };
}
