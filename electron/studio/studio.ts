/**
 * The studio core: everything the app does besides drawing it, as plain Node. Opens a library
 * (catalog + crash recovery), runs the job queue with the encoder, owns the streaming endpoint, and
 * serves the API contract through `handlers` — to Electron's IPC, to web mode and to the CLI alike.
 */
import type { Handlers } from './api/dispatch.ts';
import { createHandlers } from './app/handlers.ts';
import { createEncodeRunner, outputAssetTransitions } from './app/encode-runner.ts';
import { JobEventLog } from './app/job-events.ts';
import { routeJobEvents } from './app/job-log.ts';
import { announceChanges } from './app/announce-changes.ts';
import { packageVersion } from './app/studio-version.ts';
import { JobLogStore } from './jobs/job-log-store.ts';
import { applyToolSettings } from './app/tool-settings.ts';
import { EncoderDetection } from './app/encoder-detection.ts';
import { openCatalog, type Catalog } from './catalog/open-catalog.ts';
import { recoverOnStart, type RecoveryReport } from './catalog/recover-on-start.ts';
import { stopOrphanedFfmpeg } from './media/ffmpeg-orphans.ts';
import { upsertTransform } from './catalog/transforms-repo.ts';
import { BUILT_IN_PRESETS } from './encoding/presets.ts';
import { StreamingEndpoint } from './endpoint/streaming-endpoint.ts';
import type { OriginSpawner } from './endpoint/origin-worker-pool.ts';
import { JobQueue, type JobRunner } from './jobs/job-queue.ts';
import { detectCapabilities } from './media/capabilities.ts';
import { LocatorPublisher } from './storage/locator-documents.ts';
import { StudioStorage } from './storage/studio-storage.ts';
import { AMS_API_SETTING, AmsApiService, DEFAULT_AMS_API_SETTINGS, type AmsApiSettings } from './ams-api/ams-api-service.ts';
import { getSetting, setSetting } from './catalog/settings-repo.ts';
import { resolveFfmpeg } from './media/resolve-tools.ts';
import { waitForJob } from './app/wait-for-job.ts';
import { moveAssetToBlob } from './storage/move-asset.ts';
import type { Asset, Job, JobProgress } from './catalog/types.ts';

export interface OpenStudioOptions {
  /** The library folder; default: the OS app-data folder (or ORIGIN_STUDIO_LIBRARY). */
  readonly libraryDir?: string;
  readonly appInfo?: { readonly name: string; readonly version: string; readonly host: 'electron' | 'web' };
  /** Start the streaming endpoint now (the app does; one-shot CLI commands do not). */
  readonly startEndpoint?: boolean;
  /** Start running queued jobs now (default true). */
  readonly runJobs?: boolean;
  /** Replaces the encoder (tests). */
  readonly runner?: JobRunner;
  /** Blob storage by connection string (default: the env/setting, else the embedded Azurite). */
  readonly storageConnectionString?: string;
  /** Start the AMS v3 API now when its setting is on (the app does). */
  readonly startAmsApi?: boolean;
  /** Origin failures the client saw as a 500 (default: printed to stderr). */
  readonly onOriginError?: (err: unknown, path: string) => void;
  /** Origin processes behind the streaming endpoint (serve --workers; default 1, in this process). */
  readonly endpointWorkers?: number;
  /** How the origin process starts when it runs outside this one (the desktop app's utility process). */
  readonly endpointSpawner?: OriginSpawner;
}

export interface Studio {
  readonly catalog: Catalog;
  readonly queue: JobQueue;
  readonly endpoint: StreamingEndpoint;
  /** Asset containers: the library folder and blob storage (Azurite started on first use). */
  readonly storage: StudioStorage;
  /** Publishes locator documents of blob assets to the storage account (syncNow: at once). */
  readonly publisher: LocatorPublisher;
  /** The API contract's implementation. */
  readonly handlers: Handlers;
  /** The AMS v3 management API: its setting, start and stop (amsApi.* in the contract). */
  readonly amsApi: AmsApiService;
  /** What start-up recovery found (jobs interrupted by a crash, partial files removed). */
  readonly recovery: RecoveryReport;
  /** Resolves with the job once it has ended (Finished, Error or Canceled), reporting its progress. */
  waitForJob(jobId: string, onProgress?: (p: JobProgress) => void): Promise<Job>;
  /** Moves a finished asset from the library folder into its blob container (all or nothing). */
  moveAssetToBlob(assetId: string): Promise<Asset>;
  /** Stops jobs (recorded as interrupted, retryable), the endpoint, and closes the catalog. */
  close(): Promise<void>;
}

function seedBuiltInTransforms(catalog: Catalog): void {
  catalog.transaction(() => {
    for (const preset of BUILT_IN_PRESETS) {
      upsertTransform(catalog, { name: preset.name, description: preset.description, definition: preset, builtin: true });
    }
  });
}

export async function openStudio(options: OpenStudioOptions = {}): Promise<Studio> {
  const initialEnv = { ffmpeg: process.env.FFMPEG_PATH, ffprobe: process.env.FFPROBE_PATH };
  const catalog = openCatalog(options.libraryDir);
  try {
    // An ffmpeg a killed studio left running is stopped before recovery removes its staging folder.
    await stopOrphanedFfmpeg(catalog.layout.tmpDir);
    const recovery = recoverOnStart(catalog);
    seedBuiltInTransforms(catalog);
    applyToolSettings(catalog);

    const events = new JobEventLog();
    const storage = new StudioStorage(catalog, {
      ...(options.storageConnectionString && { connectionString: options.storageConnectionString }),
    });
    // Locators of blob assets, published for stateless origins over the same account (serve --storage).
    let lastPublishError = '';
    const publisher = new LocatorPublisher(catalog, () => storage.blob(), {
      // Said once per distinct failure, not every second while the account stays unreachable.
      onError: (err) => {
        const message = (err as Error).message;
        if (message !== lastPublishError) console.error('storage: publishing locator documents:', message);
        lastPublishError = message;
      },
    });
    const queue = new JobQueue(catalog, {
      runner: options.runner ?? createEncodeRunner(catalog, storage),
      onTransition: outputAssetTransitions(catalog),
    });
    const jobLogs = new JobLogStore(catalog.layout.jobLogsDir);
    queue.on(routeJobEvents(jobLogs, events));
    const endpoint = new StreamingEndpoint(catalog, {
      blobFolder: (assetId) => storage.originFolder({ id: assetId, storage: 'blob' }),
      ...(options.endpointWorkers !== undefined && { workers: options.endpointWorkers }),
      ...(options.endpointSpawner && { spawner: options.endpointSpawner }),
      blobConnectionString: async () => {
        await storage.blob();
        return (await storage.azurite())?.connectionString ?? storage.connectionString();
      },
      onError: options.onOriginError ?? ((err, p) => console.error(`origin: ${p}:`, err)),
    });
    const closing = new AbortController();
    const encoders = new EncoderDetection(async () => detectCapabilities(await resolveFfmpeg()));
    const amsApi = new AmsApiService({
      handlers: () => handlers,
      libraryDir: catalog.layout.root,
      storage,
      loadSettings: () => ({ ...DEFAULT_AMS_API_SETTINGS, ...getSetting<Partial<AmsApiSettings>>(catalog, AMS_API_SETTING, {}) }),
      saveSettings: (s) => setSetting(catalog, AMS_API_SETTING, s),
    });
    const handlers = announceChanges(createHandlers({
      amsApi,
      encoders,
      catalog,
      queue,
      endpoint,
      storage,
      events,
      jobLogs,
      appInfo: options.appInfo ?? { name: 'Origin Studio', version: packageVersion(), host: 'web' },
      initialEnv,
      closing: closing.signal,
    }), events);
    publisher.start();
    if (options.startEndpoint) await endpoint.start();
    if (options.startAmsApi) await amsApi.startIfEnabled();
    if (options.runJobs ?? true) {
      queue.start();
      // A studio that runs jobs is one a person uses: have the encoder list ready when they open Encode.
      encoders.start();
    }

    let closed: Promise<void> | null = null;
    return {
      catalog,
      queue,
      endpoint,
      storage,
      publisher,
      handlers,
      amsApi,
      recovery,
      waitForJob: (jobId, onProgress) => waitForJob(catalog, queue, jobId, onProgress),
      moveAssetToBlob: (assetId) => moveAssetToBlob(catalog, storage, assetId),
      close: () =>
        (closed ??= (async () => {
          closing.abort();
          events.wakeAll();
          await amsApi.close();
          await queue.close();
          jobLogs.close();
          await endpoint.stop();
          // What this process changed reaches the account before the blob store stops.
          await publisher.syncNow().catch(() => undefined);
          await publisher.stop();
          await storage.close();
          catalog.close();
        })()),
    };
  } catch (err) {
    catalog.close();
    throw err;
  }
}
