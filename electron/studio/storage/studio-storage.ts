import path from 'node:path';
import { mountVolume } from '../../../packaging-core/index.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { deleteSetting, getSetting, setSetting } from '../catalog/settings-repo.ts';
import type { Asset } from '../catalog/types.ts';
import { AzureBlobStore } from './azure-blob-store.ts';
import { BlobVolume, blobVolumeRoot } from './blob-volume.ts';
import { startAzurite, type RunningAzurite } from './azurite.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalFolderStore } from './local-folder-store.ts';
import { describeConnectionString } from './connection-string.ts';
import { assetContainerName } from './names.ts';

/** The setting holding a storage account's connection string; absent = the embedded Azurite. */
export const STORAGE_CONNECTION_SETTING = 'storage.connectionString';
/** Overrides the setting (servers, CI); same format. */
export const STORAGE_CONNECTION_ENV = 'ORIGIN_STUDIO_STORAGE';

export interface AssetLocation {
  readonly store: BlobStore;
  readonly container: string;
}

export interface StudioStorageOptions {
  /** A connection string; else the env variable, else the setting, else the embedded Azurite. */
  readonly connectionString?: string;
}

/**
 * The library's two stores behind one interface. Assets made in the desktop app live in the library
 * folder (`assets/<id>`: the local backend, container = the asset id), assets made through the AMS
 * API in blob storage (`asset-<id>`, as AMS named them), each asset saying which in `storage`. The
 * blob store is the account named by connection string, or Azurite, which the studio starts on first
 * use with its data in `<library>/azurite` and stops on close.
 */
let mounts = 0;

export class StudioStorage {
  readonly local: LocalFolderStore;
  readonly #catalog: Catalog;
  readonly #options: StudioStorageOptions;
  #blob: Promise<{ store: AzureBlobStore; azurite: RunningAzurite | null; root: string; unmount: () => void }> | null = null;
  #closed = false;

  constructor(catalog: Catalog, options: StudioStorageOptions = {}) {
    this.#catalog = catalog;
    this.#options = options;
    this.local = new LocalFolderStore(catalog.layout.assetsDir);
  }

  /** The configured connection string, or null for the embedded Azurite. Secret: never show it. */
  connectionString(): string | null {
    return (
      this.#options.connectionString ??
      (process.env[STORAGE_CONNECTION_ENV] || null) ??
      getSetting<string | null>(this.#catalog, STORAGE_CONNECTION_SETTING, null)
    );
  }

  /** What blob storage is, for people: the account and endpoint (never the key), or the embedded Azurite. */
  describe(): string {
    const cs = this.connectionString();
    return cs ? describeConnectionString(cs) : `the embedded Azurite (data in ${this.#azuriteDir()}, started on first use)`;
  }

  /**
   * Saves the storage account blob assets go to from the next start (null: back to the embedded
   * Azurite). The account is reached first: a wrong string or an unreachable account is said now,
   * not at the first job. Returns the account as describe() names it.
   */
  async saveConnection(connectionString: string | null): Promise<string> {
    if (connectionString === null) {
      deleteSetting(this.#catalog, STORAGE_CONNECTION_SETTING);
      return 'the embedded Azurite';
    }
    await new AzureBlobStore(connectionString, { maxTries: 1 }).listContainers('asset-');
    setSetting(this.#catalog, STORAGE_CONNECTION_SETTING, connectionString);
    return describeConnectionString(connectionString);
  }

  #azuriteDir(): string {
    return path.join(this.#catalog.layout.root, 'azurite');
  }

  /** The blob store, started (Azurite) or connected on first call. */
  blob(): Promise<AzureBlobStore> {
    if (this.#closed) return Promise.reject(new Error('The studio is closing; blob storage is stopped.'));
    this.#blob ??= (async () => {
      const cs = this.connectionString();
      const azurite = cs ? null : await startAzurite({ dataDir: this.#azuriteDir() });
      const store = new AzureBlobStore(cs ?? azurite!.connectionString);
      // The origin reads blob assets through packaging-core's byte sources, under this root.
      const root = blobVolumeRoot(`studio-${process.pid}-${++mounts}`);
      return { store, azurite, root, unmount: mountVolume(root, new BlobVolume(store)) };
    })();
    // A failed start is not remembered: the next call tries again.
    this.#blob.catch(() => (this.#blob = null));
    return this.#blob.then((b) => b.store);
  }

  /** The embedded emulator's endpoint while it runs (null: a configured account, or not started). */
  async azurite(): Promise<RunningAzurite | null> {
    return this.#blob ? (await this.#blob).azurite : null;
  }

  /** The origin's folder path for an asset (a mounted blob volume path for blob assets). */
  async originFolder(asset: Pick<Asset, 'id' | 'storage'>): Promise<string> {
    if (asset.storage !== 'blob') return path.join(this.#catalog.layout.assetsDir, asset.id.toLowerCase());
    await this.blob();
    const b = await this.#blob!;
    return path.join(b.root, assetContainerName(asset.id));
  }

  /** Where an asset's files live. */
  async locate(asset: Pick<Asset, 'id' | 'storage'>): Promise<AssetLocation> {
    if (asset.storage === 'blob') return { store: await this.blob(), container: assetContainerName(asset.id) };
    return { store: this.local, container: asset.id.toLowerCase() };
  }

  /** Stops the embedded Azurite, if it was started. */
  async close(): Promise<void> {
    this.#closed = true;
    const blob = this.#blob;
    this.#blob = null;
    const started = await blob?.catch(() => null);
    started?.unmount();
    await started?.azurite?.stop();
  }
}
