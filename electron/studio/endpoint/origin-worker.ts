/**
 * One origin worker of an OriginWorkerPool (started by node:cluster with ORIGIN_STUDIO_ORIGIN_WORKER
 * set): the library's catalog opened for locators, a StreamingEndpoint of its own on the shared port.
 * Messages from the pool: 'stats' (CPU, memory, cache sizes) and 'close'.
 */
import { openCatalog } from '../catalog/open-catalog.ts';
import { StudioStorage } from '../storage/studio-storage.ts';
import { StreamingEndpoint } from './streaming-endpoint.ts';
import { ORIGIN_WORKER_ENV, type OriginWorkerConfig, type WorkerMessage } from './origin-worker-pool.ts';

const send = (m: WorkerMessage): void => void process.send?.(m);
const config = JSON.parse(process.env[ORIGIN_WORKER_ENV] ?? '{}') as OriginWorkerConfig;
const catalog = openCatalog(config.libraryDir);

/** Blob storage as the primary uses it (its account, or its embedded Azurite), asked for once. */
let storage: Promise<StudioStorage> | null = null;
function blobStorage(): Promise<StudioStorage> {
  storage ??= new Promise((resolve, reject) => {
    const on = (m: { type: string; connectionString?: string | null; message?: string }): void => {
      if (m.type !== 'blob-connection') return;
      process.off('message', on);
      if (m.connectionString) resolve(new StudioStorage(catalog, { connectionString: m.connectionString }));
      else reject(new Error(m.message ?? 'No blob storage is configured for this library'));
    };
    process.on('message', on);
    send({ type: 'blob-connection' });
  });
  storage.catch(() => (storage = null));
  return storage;
}

const endpoint = new StreamingEndpoint(catalog, {
  blobFolder: async (assetId) => (await blobStorage()).originFolder({ id: assetId, storage: 'blob' }),
  onError: (err, p) => console.error(`origin: ${p}:`, err),
});

// Ctrl+C reaches the whole process group: the pool decides when workers stop (or the primary dies).
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => undefined);
process.once('disconnect', () => process.exit(0));

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    send({
      type: 'stats',
      pid: process.pid,
      cpuUs: cpu.user + cpu.system,
      rss: process.memoryUsage.rss(),
      peakRss: process.resourceUsage().maxRSS * 1024,
      caches: endpoint.memory(),
    });
  } else if (m.type === 'close') {
    void endpoint
      .stop()
      .then(async () => (await storage?.catch(() => null))?.close())
      .finally(() => {
        catalog.close();
        process.exit(0);
      });
  }
});

try {
  const status = await endpoint.start({
    ...(config.host !== undefined && { host: config.host }),
    ...(config.port !== undefined && { port: config.port }),
  });
  send({ type: 'listening', host: status.listening!.host, port: status.listening!.port, notice: status.notice });
} catch (err) {
  send({ type: 'failed', message: (err as Error).message });
  process.exit(1);
}
