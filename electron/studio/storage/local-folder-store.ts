import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ATOMIC_TEMP_SUFFIX, isAtomicTempFile, writeFileAtomic } from '../catalog/write-file-atomic.ts';
import { StorageError, type BlobInfo, type BlobStore, type ContainerPermission, type TransferOptions, type WriteOptions } from './blob-store.ts';
import { checkBlobName, checkContainerName } from './names.ts';

function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The folder backend's version tag: size, modification time and inode change on every rewrite. */
function etagOf(s: Stats): string {
  return `"${s.size.toString(16)}-${Math.floor(s.mtimeMs * 1000).toString(16)}-${s.ino.toString(16)}"`;
}

function toError(err: unknown, what: string): unknown {
  if (err instanceof StorageError) return err;
  const errno = errnoOf(err);
  const detail = (err as Error)?.message ?? String(err);
  if (errno === 'ABORT_ERR' || (err as Error)?.name === 'AbortError') return new StorageError('aborted', `Copying ${what} was canceled.`, { cause: err });
  if (errno === 'ENOENT' || errno === 'ENOTDIR') return new StorageError('not-found', `${what} does not exist.`, { cause: err });
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || errno === 'EFBIG') {
    return new StorageError('disk-full', `Could not write ${what}: the disk is full (${detail}). Free some space and try again.`, { cause: err });
  }
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS') {
    return new StorageError('denied', `Could not access ${what}: permission denied (${detail}). Check that the library folder is writable.`, { cause: err });
  }
  return new StorageError('failed', `Could not access ${what}: ${detail}`, { cause: err });
}

/** Counts bytes for onProgress and stops on abort. */
function progressTap(onProgress: ((bytes: number) => void) | undefined): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      onProgress?.(total);
      done(null, chunk);
    },
  });
}

/**
 * Containers as folders under `root` (`root/<container>/<blob path>`): the library's own folders,
 * readable by any program. Writes go to a temp name and are renamed, so a reader never sees half a file.
 */
export class LocalFolderStore implements BlobStore {
  readonly kind = 'local' as const;
  readonly #root: string;

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  get description(): string {
    return `the folder ${this.#root}`;
  }

  localFolder(container: string): string {
    checkContainerName(container);
    return path.join(this.#root, container);
  }

  #file(container: string, blob: string): string {
    checkBlobName(blob);
    return path.join(this.localFolder(container), ...blob.split('/'));
  }

  async #requireContainer(container: string): Promise<string> {
    const dir = this.localFolder(container);
    const s = await fsp.stat(dir).catch(() => null);
    if (!s?.isDirectory()) throw new StorageError('not-found', `The container "${container}" does not exist in ${this.description}.`);
    return dir;
  }

  async createContainer(container: string): Promise<void> {
    const dir = this.localFolder(container);
    try {
      await fsp.mkdir(this.#root, { recursive: true });
      await fsp.mkdir(dir);
    } catch (err) {
      if (errnoOf(err) === 'EEXIST') throw new StorageError('exists', `The container "${container}" already exists in ${this.description}.`);
      throw toError(err, `the container "${container}"`);
    }
  }

  async deleteContainer(container: string): Promise<boolean> {
    const dir = this.localFolder(container);
    if (!(await this.containerExists(container))) return false;
    await fsp.rm(dir, { recursive: true, force: true }).catch((err: unknown) => {
      throw toError(err, `the container "${container}"`);
    });
    return true;
  }

  async containerExists(container: string): Promise<boolean> {
    const s = await fsp.stat(this.localFolder(container)).catch(() => null);
    return s?.isDirectory() ?? false;
  }

  async listContainers(prefix = ''): Promise<string[]> {
    const entries = await fsp.readdir(this.#root, { withFileTypes: true }).catch((err: unknown) => {
      if (errnoOf(err) === 'ENOENT') return [];
      throw toError(err, this.description);
    });
    return entries
      .filter((e) => e.isDirectory() && e.name.startsWith(prefix) && isContainerName(e.name))
      .map((e) => e.name)
      .sort();
  }

  async listBlobs(container: string, prefix = ''): Promise<BlobInfo[]> {
    const dir = await this.#requireContainer(container);
    const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
    const out: BlobInfo[] = [];
    for (const e of entries) {
      if (!e.isFile() || isAtomicTempFile(e.name) || e.name.endsWith(TEMP_SUFFIX)) continue;
      const name = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      if (!name.startsWith(prefix)) continue;
      const info = await this.stat(container, name);
      if (info) out.push(info);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(container: string, blob: string): Promise<BlobInfo | null> {
    const s = await fsp.stat(this.#file(container, blob)).catch(() => null);
    if (!s?.isFile()) return null;
    return { name: blob, size: s.size, etag: etagOf(s), lastModified: s.mtime };
  }

  async read(container: string, blob: string): Promise<Buffer> {
    const file = this.#file(container, blob);
    try {
      return await fsp.readFile(file);
    } catch (err) {
      throw toError(err, `The blob "${blob}" in container "${container}"`);
    }
  }

  async readRange(container: string, blob: string, offset: number, length: number, etag?: string): Promise<Buffer> {
    checkRange(offset, length);
    const file = this.#file(container, blob);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      throw toError(err, `The blob "${blob}" in container "${container}"`);
    }
    try {
      if (etag !== undefined && etagOf(await handle.stat()) !== etag) {
        throw new StorageError('changed', `The blob "${blob}" in container "${container}" changed while it was being read; try again.`);
      }
      const buf = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? buf : buf.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  async write(container: string, blob: string, data: Uint8Array | string, _options: WriteOptions = {}): Promise<BlobInfo> {
    const file = this.#file(container, blob);
    await this.#requireContainer(container);
    try {
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, data);
    } catch (err) {
      throw toError(err, `the blob "${blob}" in container "${container}"`);
    }
    return this.#mustStat(container, blob);
  }

  async uploadFile(container: string, blob: string, source: string, options: WriteOptions = {}): Promise<BlobInfo> {
    const file = this.#file(container, blob);
    await this.#requireContainer(container);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await copyAtomic(source, file, options, `the blob "${blob}" in container "${container}"`);
    return this.#mustStat(container, blob);
  }

  async downloadFile(container: string, blob: string, target: string, options: TransferOptions = {}): Promise<void> {
    const file = this.#file(container, blob);
    if (!(await this.stat(container, blob))) {
      throw new StorageError('not-found', `The blob "${blob}" in container "${container}" does not exist.`);
    }
    await copyAtomic(file, target, options, `the file ${target}`);
  }

  async deleteBlob(container: string, blob: string): Promise<boolean> {
    const file = this.#file(container, blob);
    try {
      await fsp.unlink(file);
      return true;
    } catch (err) {
      if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return false;
      throw toError(err, `the blob "${blob}" in container "${container}"`);
    }
  }

  containerSasUrl(_container: string, _permission: ContainerPermission, _expiresOn: Date): Promise<string> {
    return Promise.reject(
      new StorageError(
        'not-supported',
        'Container SAS URLs need blob storage (Azurite or an Azure Storage account); this library keeps assets in a local folder.',
      ),
    );
  }

  async #mustStat(container: string, blob: string): Promise<BlobInfo> {
    const info = await this.stat(container, blob);
    if (!info) throw new StorageError('failed', `The blob "${blob}" in container "${container}" vanished right after it was written.`);
    return info;
  }
}

const TEMP_SUFFIX = `.copy${ATOMIC_TEMP_SUFFIX}`;

function isContainerName(name: string): boolean {
  try {
    checkContainerName(name);
    return true;
  } catch {
    return false;
  }
}

export function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new StorageError('invalid-argument', `A range read needs a whole offset and length ≥ 0 (got ${offset}, ${length}).`);
  }
}

/** Streams `from` into a temp file beside `to`, then renames; on any failure the temp file is removed. */
async function copyAtomic(from: string, to: string, options: TransferOptions, what: string): Promise<void> {
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    await pipeline(createReadStream(from), progressTap(options.onProgress), createWriteStream(temp, { flags: 'wx' }), {
      ...(options.signal && { signal: options.signal }),
    });
    await fsp.rename(temp, to);
  } catch (err) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw toError(err, errnoOf(err) === 'ENOENT' ? `The file ${from}` : what);
  }
}
