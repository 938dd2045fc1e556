/** The free-space pre-check: fail before encoding rather than with "No space left" half-way through. */
import { statfs } from 'node:fs/promises';
import { EncodeError } from './encode-error.ts';

const mb = (bytes: number): string => `${Math.ceil(bytes / (1024 * 1024))} MB`;

export async function freeBytes(folder: string): Promise<number> {
  const s = await statfs(folder);
  return Number(s.bavail) * Number(s.bsize);
}

export async function assertFreeSpace(folder: string, neededBytes: number): Promise<void> {
  const free = await freeBytes(folder);
  if (free < neededBytes) {
    throw new EncodeError(
      `Not enough free disk space in ${folder}: the encode needs about ${mb(neededBytes)} and ${mb(free)} are free. ` +
        'Free some space or choose another output folder.',
      folder,
    );
  }
}
