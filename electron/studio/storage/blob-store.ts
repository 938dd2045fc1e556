/**
 * The studio's storage: containers of blobs, as in Azure Blob Storage (and as AMS kept assets: one
 * container per asset, `asset-<guid>`). Two backends implement it — a folder on this machine
 * (local-folder-store.ts) and any service speaking the Blob API (azure-blob-store.ts: Azurite, a real
 * account) — and the conformance test runs the same cases against both. Callers never branch on the
 * backend except through `localFolder`, a fast path for code that wants a plain file path.
 */

/** AMS's AssetContainerPermission values, as listContainerSas takes them. */
export type ContainerPermission = 'Read' | 'ReadWrite' | 'ReadWriteDelete';
export const CONTAINER_PERMISSIONS: readonly ContainerPermission[] = ['Read', 'ReadWrite', 'ReadWriteDelete'];

export interface BlobInfo {
  /** Name inside its container; `/` separates virtual folders. */
  readonly name: string;
  readonly size: number;
  /** Changes whenever the content changes (a quoted string, as HTTP has it). */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType?: string;
}

export interface TransferOptions {
  /** Aborting stops the transfer; the call rejects with a StorageError `aborted`. */
  readonly signal?: AbortSignal;
  /** Bytes moved so far. */
  readonly onProgress?: (bytes: number) => void;
}

export interface WriteOptions extends TransferOptions {
  readonly contentType?: string;
}

export interface BlobStore {
  /** `local` (a folder) or `blob` (the Blob API). */
  readonly kind: 'local' | 'blob';
  /** Where the data lives, for messages and Settings (never a key or a SAS). */
  readonly description: string;

  /** Creates the container; StorageError `exists` when it is there already. */
  createContainer(container: string): Promise<void>;
  /** Removes the container and every blob in it; false when there was none. */
  deleteContainer(container: string): Promise<boolean>;
  containerExists(container: string): Promise<boolean>;
  /** Container names starting with `prefix`, sorted. */
  listContainers(prefix?: string): Promise<string[]>;

  /** The container's blobs (sorted by name); StorageError `not-found` when the container is missing. */
  listBlobs(container: string, prefix?: string): Promise<BlobInfo[]>;
  /** One blob's properties, or null when it (or its container) does not exist. */
  stat(container: string, blob: string): Promise<BlobInfo | null>;
  /** The whole blob; StorageError `not-found` when missing. */
  read(container: string, blob: string): Promise<Buffer>;
  /**
   * `length` bytes from `offset` (fewer at the end of the blob). With `etag`, the read fails with
   * StorageError `changed` when the blob is no longer that version, so a cached index never meets new bytes.
   */
  readRange(container: string, blob: string, offset: number, length: number, etag?: string): Promise<Buffer>;
  /** Replaces the blob with `data` (readers see the old or the new content, never a mix). */
  write(container: string, blob: string, data: Uint8Array | string, options?: WriteOptions): Promise<BlobInfo>;
  /** Uploads a local file as the blob. */
  uploadFile(container: string, blob: string, file: string, options?: WriteOptions): Promise<BlobInfo>;
  /** Downloads the blob to a local file (written under a temp name, then renamed). */
  downloadFile(container: string, blob: string, file: string, options?: TransferOptions): Promise<void>;
  /** false when it did not exist. */
  deleteBlob(container: string, blob: string): Promise<boolean>;

  /**
   * A URL to the container that carries a shared access signature with AMS's permission set
   * (Read: read+list; ReadWrite: + add, create, write; ReadWriteDelete: + delete), valid until
   * `expiresOn`. StorageError `not-supported` for the local backend (there is no service to sign for).
   */
  containerSasUrl(container: string, permission: ContainerPermission, expiresOn: Date): Promise<string>;

  /** The folder holding the container's blobs as files, for the local backend; null for the Blob API. */
  localFolder(container: string): string | null;
}

export type StorageErrorCode =
  | 'not-found'
  | 'exists'
  | 'invalid-name'
  | 'invalid-argument'
  | 'changed'
  | 'unavailable'
  | 'denied'
  | 'not-supported'
  | 'disk-full'
  | 'aborted'
  | 'failed';

/** A storage failure in words the user can act on, with a stable code callers branch on. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** Worth trying again as is (the service was down, the blob changed under a read). */
  readonly retryable: boolean;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
    this.retryable = code === 'unavailable' || code === 'changed' || code === 'aborted' || code === 'failed';
  }
}

/** AMS: "The SAS URL expiry time must be less than 24 hours from the current time." */
export const MAX_SAS_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function checkSasExpiry(expiresOn: Date, now: Date = new Date()): void {
  const ms = expiresOn.getTime() - now.getTime();
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new StorageError('invalid-argument', `The SAS expiry time (${expiresOn.toISOString?.() ?? String(expiresOn)}) must be in the future.`);
  }
  if (ms > MAX_SAS_LIFETIME_MS) {
    throw new StorageError('invalid-argument', 'The SAS expiry time must be less than 24 hours from now (as in Azure Media Services).');
  }
}

/** AMS permission → Blob SAS permission letters (read, add, create, write, delete, list). */
export function sasPermissionLetters(permission: ContainerPermission): string {
  switch (permission) {
    case 'Read':
      return 'rl';
    case 'ReadWrite':
      return 'racwl';
    case 'ReadWriteDelete':
      return 'racwdl';
  }
}
