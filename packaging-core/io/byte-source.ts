import { open, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the origin's bytes come from: a location is a file path, or a path under a mounted volume —
 * a store the embedding program provides (the studio mounts its blob storage; packaging-core never
 * imports a storage SDK) — whose files are read by ranges. Every read of media, `.ism` and download
 * files in packaging-core goes through here, so an asset served from blob storage gets the same HTTP
 * semantics, caching and errors as one served from a folder.
 */

/** What a cache needs to know a file has changed: size and time, plus the ETag where there is one. */
export interface SourceStat {
  readonly size: number;
  readonly mtimeMs: number;
  /** A version tag (a blob's ETag); absent for files, whose size and mtime serve instead. */
  readonly etag?: string;
  isFile(): boolean;
}

/** Random access to one file's bytes (node's FileHandle is one; a blob reader is another). */
export interface ByteSource {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<SourceStat>;
  close(): Promise<void>;
}

/**
 * A mounted store. `name` is the '/'-separated path below the mount root. Errors for a missing file
 * carry `code: 'ENOENT'`, as the file system's do, so callers word them the same way.
 */
export interface ByteSourceVolume {
  open(name: string): Promise<ByteSource>;
  stat(name: string): Promise<SourceStat | null>;
}

const volumes = new Map<string, ByteSourceVolume>();

/**
 * Serves locations under `root` (made absolute) from `volume`; returns the unmount function. The root
 * should be a path no real folder uses (the studio: `/blob:<account>`); the volume wins over the disk.
 */
export function mountVolume(root: string, volume: ByteSourceVolume): () => void {
  const abs = path.resolve(root);
  volumes.set(abs, volume);
  return () => {
    if (volumes.get(abs) === volume) volumes.delete(abs);
  };
}

function onVolume(location: string): { volume: ByteSourceVolume; name: string } | null {
  if (volumes.size === 0) return null;
  for (const [root, volume] of volumes) {
    if (location.startsWith(root + path.sep)) {
      return { volume, name: location.slice(root.length + 1).split(path.sep).join('/') };
    }
  }
  return null;
}

export function isVolumeLocation(location: string): boolean {
  return onVolume(location) !== null;
}

function notFound(location: string): Error {
  return Object.assign(new Error(`ENOENT: no such file, ${location}`), { code: 'ENOENT' });
}

/** Opens a file or a volume's file for positioned reads. */
export async function openByteSource(location: string): Promise<ByteSource> {
  const v = onVolume(location);
  return v ? v.volume.open(v.name) : open(location, 'r');
}

/** stat(); null when missing. */
export async function statSource(location: string): Promise<SourceStat | null> {
  const v = onVolume(location);
  if (v) return v.volume.stat(v.name);
  return stat(location).catch(() => null);
}

/** The whole file as UTF-8 text (manifests). */
export async function readSourceText(location: string): Promise<string> {
  const v = onVolume(location);
  if (!v) return readFile(location, 'utf8');
  const source = await v.volume.open(v.name);
  try {
    const { size } = await source.stat();
    const buffer = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await source.read(buffer, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.toString('utf8', 0, done);
  } finally {
    await source.close();
  }
}

/**
 * realpath() for files (symlinks resolved, so containment checks see where a link leads); a volume
 * has no links, so its location is its own real path once it exists.
 */
export async function realSourcePath(location: string): Promise<string> {
  const v = onVolume(location);
  if (!v) return realpath(location);
  // Volumes answer stat() for their folders too (isFile() false).
  if (v.name === '' || (await v.volume.stat(v.name))) return location;
  throw notFound(location);
}
