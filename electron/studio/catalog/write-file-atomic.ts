import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describeStorageError } from './storage-errors.ts';

/** Temp files of writeFileAtomic carry this suffix so that recoverOnStart can sweep leftovers of a crash. */
export const ATOMIC_TEMP_SUFFIX = '.atomic-tmp';

/** The few fs calls writeFileAtomic needs; injectable so tests can fail a write on purpose. */
export interface AtomicFs {
  open(file: string, flags: string, mode?: number): Promise<{
    writeFile(data: string | Uint8Array): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
}

const nodeFs: AtomicFs = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  rm: (file, options) => fsp.rm(file, options),
};

export function isAtomicTempFile(name: string): boolean {
  return name.endsWith(ATOMIC_TEMP_SUFFIX);
}

/**
 * Replaces `file` with `data` so that a reader (or a crash) sees either the old content or the new,
 * never a mix: the data goes to a temp file in the same folder (same file system, so rename is
 * atomic), is fsynced, then renamed over the target; the folder is fsynced so the rename survives a
 * power loss. On failure the temp file is removed and the target is untouched.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { fs?: AtomicFs } = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${ATOMIC_TEMP_SUFFIX}`);
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw describeStorageError(err, file);
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; its rename is durable enough through NTFS journaling.
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
