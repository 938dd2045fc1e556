import { CatalogError } from './catalog-error.ts';

const DISK_FULL_ERRNOS = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);
// SQLite primary result codes (the low byte of an extended code).
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_READONLY = 8;

function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function sqliteCodeOf(err: unknown): number | undefined {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

/**
 * Turns a file-system or SQLite failure while writing `what` into a CatalogError that says what the
 * user can do about it (free space, check permissions) instead of a bare errno. Errors that are not
 * storage failures are returned unchanged.
 */
export function describeStorageError(err: unknown, what: string): unknown {
  if (err instanceof CatalogError) return err;
  const errno = errnoOf(err);
  const sqlite = sqliteCodeOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if ((errno && DISK_FULL_ERRNOS.has(errno)) || sqlite === SQLITE_FULL) {
    return new CatalogError(
      'disk-full',
      `Could not write ${what}: the disk is full or the file size limit was reached (${detail}). ` +
        'Free some space on the library drive (or choose a library folder on another drive) and try again; nothing was changed.',
      { cause: err },
    );
  }
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' || sqlite === SQLITE_READONLY || sqlite === SQLITE_CANTOPEN) {
    return new CatalogError(
      'storage',
      `Could not write ${what}: permission denied or read-only storage (${detail}). Check that the library folder is writable.`,
      { cause: err },
    );
  }
  if (errno === 'EIO' || sqlite === SQLITE_IOERR) {
    return new CatalogError(
      'storage',
      `Could not write ${what}: the disk reported an I/O error (${detail}). ` +
        'The disk may be full, removed or failing; free space or check the drive, then try again; nothing was changed.',
      { cause: err },
    );
  }
  return err;
}
