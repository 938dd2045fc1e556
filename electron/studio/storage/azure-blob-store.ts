import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  BlobServiceClient,
  ContainerSASPermissions,
  type BlobDownloadResponseParsed,
  type ContainerClient,
} from '@azure/storage-blob';
import {
  StorageError,
  checkSasExpiry,
  sasPermissionLetters,
  type BlobInfo,
  type BlobStore,
  type ContainerPermission,
  type TransferOptions,
  type WriteOptions,
} from './blob-store.ts';
import { checkRange } from './local-folder-store.ts';
import { checkBlobName, checkContainerName } from './names.ts';
import { describeConnectionString } from './connection-string.ts';

interface RestErrorLike {
  readonly name?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
}

/** Turns an SDK failure into a StorageError naming what the user can do. */
function toError(err: unknown, what: string, where: string): StorageError {
  if (err instanceof StorageError) return err;
  const e = (err ?? {}) as RestErrorLike;
  const detail = e.code ?? e.message ?? String(err);
  if (e.name === 'AbortError') return new StorageError('aborted', `Transferring ${what} was canceled.`, { cause: err });
  switch (e.statusCode) {
    case 404:
      return new StorageError('not-found', `${what} does not exist in ${where}.`, { cause: err });
    case 409:
      return new StorageError('exists', `${what} already exists in ${where} (${detail}).`, { cause: err });
    case 412:
      return new StorageError('changed', `${what} changed while it was being read; try again.`, { cause: err });
    case 401:
    case 403:
      return new StorageError(
        'denied',
        `${where} refused access to ${what} (${detail}): check the storage connection string's account key or SAS (origin-studio storage connect).`,
        { cause: err },
      );
    case undefined:
      if (e.name !== 'RestError') return new StorageError('failed', `${where} failed on ${what}: ${e.message ?? String(err)}`, { cause: err });
      return new StorageError(
        'unavailable',
        `Could not reach ${where} (${detail}). Check that the storage service is running and the connection string is right (origin-studio storage status).`,
        { cause: err },
      );
    default:
      return new StorageError('failed', `${where} failed on ${what}: ${e.statusCode} ${detail}.`, { cause: err });
  }
}

async function bodyOf(response: BlobDownloadResponseParsed, expected: number): Promise<Buffer> {
  const stream = response.readableStreamBody;
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (body.length > expected) return body.subarray(0, expected);
  return body;
}

export interface AzureBlobStoreOptions {
  /** Attempts per request (the SDK retries network failures and 5xx); default 3. */
  readonly maxTries?: number;
}

/**
 * Containers in a storage account through the official SDK: Azurite (the studio starts it), a real
 * Azure Storage account, or any service speaking the Blob API, by connection string. SAS URLs need
 * the account key (a connection string with `AccountKey=`).
 */
export class AzureBlobStore implements BlobStore {
  readonly kind = 'blob' as const;
  readonly description: string;
  readonly #service: BlobServiceClient;

  constructor(connectionString: string, options: AzureBlobStoreOptions = {}) {
    this.description = describeConnectionString(connectionString);
    try {
      this.#service = BlobServiceClient.fromConnectionString(connectionString, {
        retryOptions: { maxTries: options.maxTries ?? 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
      });
    } catch (err) {
      throw new StorageError(
        'invalid-argument',
        `The storage connection string is not usable (${(err as Error).message}). It looks like ` +
          '"DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net" or has a BlobEndpoint=.',
        { cause: err },
      );
    }
  }

  /** The account's blob endpoint URL (no credentials). */
  get url(): string {
    return this.#service.url;
  }

  #container(container: string): ContainerClient {
    checkContainerName(container);
    return this.#service.getContainerClient(container);
  }

  #blob(container: string, blob: string) {
    checkBlobName(blob);
    return this.#container(container).getBlockBlobClient(blob);
  }

  async createContainer(container: string): Promise<void> {
    try {
      await this.#container(container).create();
    } catch (err) {
      throw toError(err, `The container "${container}"`, this.description);
    }
  }

  async deleteContainer(container: string): Promise<boolean> {
    try {
      return (await this.#container(container).deleteIfExists()).succeeded;
    } catch (err) {
      throw toError(err, `The container "${container}"`, this.description);
    }
  }

  async containerExists(container: string): Promise<boolean> {
    try {
      return await this.#container(container).exists();
    } catch (err) {
      throw toError(err, `The container "${container}"`, this.description);
    }
  }

  async listContainers(prefix = ''): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const c of this.#service.listContainers(prefix ? { prefix } : {})) names.push(c.name);
    } catch (err) {
      throw toError(err, 'The list of containers', this.description);
    }
    return names.sort();
  }

  async listBlobs(container: string, prefix = ''): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    try {
      for await (const b of this.#container(container).listBlobsFlat(prefix ? { prefix } : {})) {
        out.push({
          name: b.name,
          size: b.properties.contentLength ?? 0,
          etag: b.properties.etag,
          lastModified: b.properties.lastModified,
          ...(b.properties.contentType && { contentType: b.properties.contentType }),
        });
      }
    } catch (err) {
      throw toError(err, `The container "${container}"`, this.description);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(container: string, blob: string): Promise<BlobInfo | null> {
    const client = this.#blob(container, blob);
    try {
      const p = await client.getProperties();
      return {
        name: blob,
        size: p.contentLength ?? 0,
        etag: p.etag ?? '',
        lastModified: p.lastModified ?? new Date(0),
        ...(p.contentType && { contentType: p.contentType }),
      };
    } catch (err) {
      if ((err as RestErrorLike).statusCode === 404) return null;
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
  }

  async read(container: string, blob: string): Promise<Buffer> {
    const client = this.#blob(container, blob);
    try {
      const response = await client.download(0);
      return await bodyOf(response, response.contentLength ?? Number.MAX_SAFE_INTEGER);
    } catch (err) {
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
  }

  async readRange(container: string, blob: string, offset: number, length: number, etag?: string): Promise<Buffer> {
    checkRange(offset, length);
    const client = this.#blob(container, blob);
    if (length === 0) return Buffer.alloc(0);
    try {
      const response = await client.download(offset, length, etag ? { conditions: { ifMatch: etag } } : {});
      return await bodyOf(response, length);
    } catch (err) {
      // Past the end: the Blob API answers 416 where a file read returns nothing.
      if ((err as RestErrorLike).statusCode === 416) return Buffer.alloc(0);
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
  }

  async write(container: string, blob: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<BlobInfo> {
    const client = this.#blob(container, blob);
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      await client.uploadData(body, {
        ...(options.contentType && { blobHTTPHeaders: { blobContentType: options.contentType } }),
        ...(options.signal && { abortSignal: options.signal }),
        ...(options.onProgress && { onProgress: (ev: { loadedBytes: number }) => options.onProgress?.(ev.loadedBytes) }),
      });
    } catch (err) {
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
    return this.#mustStat(container, blob);
  }

  async uploadFile(container: string, blob: string, file: string, options: WriteOptions = {}): Promise<BlobInfo> {
    const client = this.#blob(container, blob);
    try {
      await fsp.access(file);
    } catch (err) {
      throw new StorageError('not-found', `The file ${file} does not exist.`, { cause: err });
    }
    try {
      // Blocks are staged, then committed at once: readers see the old blob or the new one.
      await client.uploadFile(file, {
        ...(options.contentType && { blobHTTPHeaders: { blobContentType: options.contentType } }),
        ...(options.signal && { abortSignal: options.signal }),
        ...(options.onProgress && { onProgress: (ev: { loadedBytes: number }) => options.onProgress?.(ev.loadedBytes) }),
        concurrency: 4,
      });
    } catch (err) {
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
    return this.#mustStat(container, blob);
  }

  async downloadFile(container: string, blob: string, file: string, options: TransferOptions = {}): Promise<void> {
    const client = this.#blob(container, blob);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.download-tmp`);
    try {
      await client.downloadToFile(temp, 0, undefined, {
        ...(options.signal && { abortSignal: options.signal }),
        ...(options.onProgress && { onProgress: (ev: { loadedBytes: number }) => options.onProgress?.(ev.loadedBytes) }),
      });
      await fsp.rename(temp, file);
    } catch (err) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      if ((err as { code?: string }).code === 'ENOSPC') {
        throw new StorageError('disk-full', `Could not write ${file}: the disk is full. Free some space and try again.`, { cause: err });
      }
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
  }

  async deleteBlob(container: string, blob: string): Promise<boolean> {
    const client = this.#blob(container, blob);
    try {
      return (await client.deleteIfExists()).succeeded;
    } catch (err) {
      if ((err as RestErrorLike).statusCode === 404) return false;
      throw toError(err, `The blob "${blob}" in container "${container}"`, this.description);
    }
  }

  async containerSasUrl(container: string, permission: ContainerPermission, expiresOn: Date): Promise<string> {
    checkSasExpiry(expiresOn);
    const client = this.#container(container);
    if (!(await this.containerExists(container))) {
      throw new StorageError('not-found', `The container "${container}" does not exist in ${this.description}.`);
    }
    try {
      return await client.generateSasUrl({ permissions: ContainerSASPermissions.parse(sasPermissionLetters(permission)), expiresOn });
    } catch (err) {
      throw new StorageError(
        'not-supported',
        `SAS URLs can only be signed with the account key: the storage connection string needs AccountKey= (${(err as Error).message}).`,
        { cause: err },
      );
    }
  }

  localFolder(): null {
    return null;
  }

  async #mustStat(container: string, blob: string): Promise<BlobInfo> {
    const info = await this.stat(container, blob);
    if (!info) throw new StorageError('failed', `The blob "${blob}" in container "${container}" vanished right after it was written.`);
    return info;
  }
}
