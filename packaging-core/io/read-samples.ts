/**
 * Reads the bytes of chosen samples of a track with few positioned reads: samples that sit close
 * together in the file (a segment of a video-only MP4 is one contiguous run; an interleaved file has
 * small gaps of the other track) are read as one range into one buffer.
 */
import type { BytePool } from './buffer-pool.ts';
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

/**
 * `indices` ascend in decode order (they may skip samples, e.g. keyframes only). With a `pool`, `data`
 * comes from it (and may be longer than the samples): the caller releases it when done, also on error
 * paths it catches; a read failure here releases it itself.
 */
export async function readSamples(track: MediaTrack, indices: ArrayLike<number>, pool?: BytePool): Promise<SampleBytes> {
  const { offsets, sizes } = track.samples;
  const at = new Float64Array(indices.length);
  const runs: Run[] = [];
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

  const data = pool ? pool.acquire(total) : Buffer.allocUnsafe(total);
  try {
    await readRuns(track, runs, data);
  } catch (err) {
    if (pool) pool.release(data);
    throw err;
  }
  return { data, at };
}

interface Run {
  readonly fileOffset: number;
  readonly length: number;
  readonly bufferOffset: number;
}

function readRuns(track: MediaTrack, runs: readonly Run[], data: Buffer): Promise<unknown> {
  return withFileHandle(track, track.file, (handle) =>
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
}
