/**
 * Web mode's upload limits: a size limit (configurable) and free space kept on the library's disk. An
 * upload is refused before its first byte when its Content-Length already breaks either, and stopped
 * while streaming (free space re-read every 32 MiB) before the disk fills — the catalog, the encoder
 * and the rest of the machine need that disk too.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { freeBytes } from '../encoding/disk-space.ts';

export interface UploadLimits {
  /** Largest upload accepted, bytes (default 50 GiB; `origin-studio web --max-upload-mb`). */
  readonly maxBytes: number;
  /** Free space an upload must leave on the disk, bytes (default 1 GiB). */
  readonly reserveBytes: number;
  /** Free bytes of the disk holding `folder` (injectable for tests). */
  readonly freeBytes: (folder: string) => Promise<number>;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 50 * 1024 ** 3,
  reserveBytes: 1024 ** 3,
  freeBytes,
};

const CHECK_EVERY_BYTES = 32 * 1024 * 1024;
const mb = (bytes: number): string => `${Math.ceil(bytes / 1048576)} MB`;

/** Why an upload was stopped, with the HTTP status to answer. */
export class UploadLimitError extends Error {
  readonly status: 413 | 507;
  constructor(status: 413 | 507, message: string) {
    super(message);
    this.name = 'UploadLimitError';
    this.status = status;
  }
}

function tooLarge(limits: UploadLimits): UploadLimitError {
  return new UploadLimitError(413, `The file is larger than the ${mb(limits.maxBytes)} upload limit of web mode (origin-studio web --max-upload-mb).`);
}

function diskFull(folder: string, free: number, limits: UploadLimits): UploadLimitError {
  return new UploadLimitError(507, `Not enough free disk space for this upload in ${folder}: ${mb(free)} free, and ${mb(limits.reserveBytes)} must stay free. Free some space or choose a library on a larger disk.`);
}

/** Before the first byte: the announced size against the limit and the free space. */
export async function checkUploadStart(folder: string, contentLength: number | undefined, limits: UploadLimits): Promise<void> {
  if (contentLength !== undefined && contentLength > limits.maxBytes) throw tooLarge(limits);
  const free = await limits.freeBytes(folder);
  if (free - (contentLength ?? 0) < limits.reserveBytes) throw diskFull(folder, free, limits);
}

/** A pass-through that fails the pipeline when the upload passes the limit or the disk's reserve. */
export function uploadGuard(folder: string, limits: UploadLimits): Transform {
  let total = 0;
  let nextCheck = CHECK_EVERY_BYTES;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      total += chunk.length;
      if (total > limits.maxBytes) return done(tooLarge(limits));
      if (total < nextCheck) return done(null, chunk);
      nextCheck = total + CHECK_EVERY_BYTES;
      limits.freeBytes(folder).then(
        // The next check comes after another CHECK_EVERY_BYTES: keep that much above the reserve.
        (free) => (free - CHECK_EVERY_BYTES < limits.reserveBytes ? done(diskFull(folder, free, limits)) : done(null, chunk)),
        (err: unknown) => done(err as Error),
      );
    },
  });
}
