import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOriginHandler, mountVolume, PresentationCache } from '../../../packaging-core/index.ts';
import { AzureBlobStore } from './azure-blob-store.ts';
import { BlobVolume, blobVolumeRoot } from './blob-volume.ts';
import { LocatorDirectory } from './locator-directory.ts';

export interface StorageOriginOptions {
  /** The storage account holding the asset containers and the locator documents. */
  readonly connectionString: string;
  readonly host?: string;
  /** 0 = a free port. */
  readonly port?: number;
  /** How often the locator documents are listed (ms). */
  readonly pollMs?: number;
  readonly corsOrigins?: readonly string[];
  readonly onError?: (err: unknown, what: string) => void;
}

export interface StorageOrigin {
  readonly url: string;
  readonly port: number;
  readonly directory: LocatorDirectory;
  close(): Promise<void>;
}

/**
 * A stateless origin over one storage account (`origin-studio serve --storage`): locators from the
 * published documents, media by range reads from the asset containers, the moov/index of each asset
 * version cached in a bounded LRU. Nothing is written anywhere, so any number of them can run side
 * by side (behind a caching proxy) and any one can be killed.
 */
export async function startStorageOrigin(options: StorageOriginOptions): Promise<StorageOrigin> {
  const store = new AzureBlobStore(options.connectionString);
  const root = blobVolumeRoot(`origin-${process.pid}`);
  const unmount = mountVolume(root, new BlobVolume(store));
  const onError = options.onError ?? ((err, what) => console.error(`origin: ${what}:`, err));
  const directory = new LocatorDirectory(store, root, {
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
    onError: (err) => onError(err, 'locator documents'),
  });
  let server: Server | null = null;
  try {
    await directory.start();
    const presentations = new PresentationCache();
    const handler = createOriginHandler({
      resolveLocator: directory.resolver(),
      presentations: (folder, ism) => presentations.get(folder, ism),
      corsOrigins: options.corsOrigins ?? ['*'],
      onError: (err, p) => onError(err, p),
    });
    server = createServer(handler);
    server.keepAliveTimeout = 5000;
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    const port = (s.address() as AddressInfo).port;
    const host = options.host ?? '127.0.0.1';
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      directory,
      close: async () => {
        directory.stop();
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
        await handler.close();
        unmount();
      },
    };
  } catch (err) {
    directory.stop();
    server?.close();
    unmount();
    throw err;
  }
}
