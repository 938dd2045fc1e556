import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StorageError, type BlobInfo, type BlobStore } from './blob-store.ts';

/** Files in a container that are not a mezzanine to encode (server manifests, sidecars, images). */
const NOT_MEDIA = /\.(ism|ismc|json|xml|txt|vtt|srt|ttml|jpe?g|png|gif|webp|md)$/i;

/**
 * The mezzanine in an input container, as AMS's JobInputAsset without `files` uses it: the given
 * blob, else the largest file that is not a manifest or sidecar.
 */
export async function pickInputBlob(store: BlobStore, container: string, assetName: string, file?: string): Promise<BlobInfo> {
  const blobs = await store.listBlobs(container);
  if (file !== undefined) {
    const found = blobs.find((b) => b.name === file);
    if (!found) throw new StorageError('not-found', `The input asset "${assetName}" has no file "${file}" in its container ${container}.`);
    return found;
  }
  const media = blobs.filter((b) => !NOT_MEDIA.test(b.name) && b.size > 0).sort((a, b) => b.size - a.size);
  const pick = media[0];
  if (!pick) {
    throw new StorageError(
      'not-found',
      `The input asset "${assetName}" has no media file in its container ${container}` +
        (blobs.length ? ` (it holds ${blobs.map((b) => b.name).join(', ')})` : ' (it is empty: upload the file with the container SAS URL first)') +
        '.',
    );
  }
  return pick;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.ism': 'application/vnd.ms-sstr+xml',
  '.ismc': 'application/vnd.ms-sstr+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.vtt': 'text/vtt',
  '.json': 'application/json',
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export interface UploadFolderOptions {
  readonly signal?: AbortSignal;
  /** 0–1 of all bytes. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Uploads every file of `folder` into `container` (created when missing) — all or nothing: on any
 * failure or cancel, the blobs this call wrote are deleted again (and the container, if it made it),
 * so a reader never finds half an asset. Blobs that were there before are left alone.
 */
export async function uploadFolder(store: BlobStore, container: string, folder: string, options: UploadFolderOptions = {}): Promise<string[]> {
  const files = await filesUnder(folder);
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(folder, ...f.split('/')))).size));
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  let createdContainer = false;
  if (!(await store.containerExists(container))) {
    await store.createContainer(container);
    createdContainer = true;
  }
  const before = new Set(createdContainer ? [] : (await store.listBlobs(container)).map((b) => b.name));
  const written: string[] = [];
  let done = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      options.signal?.throwIfAborted();
      const name = files[i]!;
      written.push(name);
      await store.uploadFile(container, name, path.join(folder, ...name.split('/')), {
        ...(options.signal && { signal: options.signal }),
        ...(CONTENT_TYPES[path.extname(name).toLowerCase()] && { contentType: CONTENT_TYPES[path.extname(name).toLowerCase()] }),
        onProgress: (bytes) => options.onProgress?.((done + bytes) / total),
      });
      done += sizes[i]!;
      options.onProgress?.(done / total);
    }
  } catch (err) {
    if (createdContainer) {
      await store.deleteContainer(container).catch(() => undefined);
    } else {
      for (const name of written) if (!before.has(name)) await store.deleteBlob(container, name).catch(() => undefined);
    }
    throw err;
  }
  return files;
}
