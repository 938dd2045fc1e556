/**
 * One origin process of an OriginWorkerPool, started with ORIGIN_STUDIO_ORIGIN_WORKER set: a
 * node:cluster worker (serve --workers N), a forked child, or the desktop app's Electron utility
 * process (bundled as dist-electron/origin-worker.cjs). It opens the library's catalog for locators
 * and runs a StreamingEndpoint of its own on the configured port (shared, for cluster workers).
 * Messages from the pool: 'stats' (CPU, memory, cache sizes) and 'close'; to it: 'listening' or
 * 'failed', 'stats', 'blob-connection' (asking for the account), and 'requests' (its request log, in
 * batches, for the main request log).
 */
import { openCatalog } from '../catalog/open-catalog.ts';
import { StudioStorage } from '../storage/studio-storage.ts';
import { StreamingEndpoint } from './streaming-endpoint.ts';
import type { LoggedRequest } from './request-log.ts';
import { peakRss } from './peak-rss.ts';
import { ORIGIN_WORKER_ENV, type OriginWorkerConfig, type WorkerMessage } from './origin-worker-pool.ts';

/** Electron's utility process talks through process.parentPort; Node children through process.send. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;
const send = (m: WorkerMessage): void => {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
};
function onMessage(listener: (m: { type: string; [k: string]: unknown }) => void): () => void {
  if (parentPort) {
    let on = true;
    parentPort.on('message', (e) => on && listener(e.data as { type: string }));
    return () => void (on = false);
  }
  process.on('message', listener);
  return () => void process.off('message', listener);
}

/** Request log entries go to the pool every REPORT_MS, or sooner once REPORT_MAX are waiting. */
const REPORT_MS = 200;
const REPORT_MAX = 500;

function main(): void {
  const config = JSON.parse(process.env[ORIGIN_WORKER_ENV] ?? '{}') as OriginWorkerConfig;
  const catalog = openCatalog(config.libraryDir);

  /** Blob storage as the primary uses it (its account, or its embedded Azurite), asked for once. */
  let storage: Promise<StudioStorage> | null = null;
  function blobStorage(): Promise<StudioStorage> {
    storage ??= new Promise((resolve, reject) => {
      const off = onMessage((m) => {
        if (m.type !== 'blob-connection') return;
        off();
        const connectionString = m.connectionString as string | null;
        if (connectionString) resolve(new StudioStorage(catalog, { connectionString }));
        else reject(new Error((m.message as string | undefined) ?? 'No blob storage is configured for this library'));
      });
      send({ type: 'blob-connection' });
    });
    storage.catch(() => (storage = null));
    return storage;
  }

  let pending: LoggedRequest[] = [];
  const report = (): void => {
    if (pending.length === 0) return;
    // The seq numbers are this process's; the main log numbers entries its own way.
    send({ type: 'requests', entries: pending.map(({ seq: _, ...entry }) => entry) });
    pending = [];
  };
  setInterval(report, REPORT_MS).unref();

  const endpoint = new StreamingEndpoint(catalog, {
    blobFolder: async (assetId) => (await blobStorage()).originFolder({ id: assetId, storage: 'blob' }),
    onError: (err, p) => console.error(`origin: ${p}:`, err),
    onRequest: (entry) => {
      pending.push(entry);
      if (pending.length >= REPORT_MAX) report();
    },
  });

  // Ctrl+C reaches the whole process group: the pool decides when workers stop (or the primary dies).
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => undefined);
  process.once('disconnect', () => process.exit(0));

  onMessage((m) => {
    if (m.type === 'stats') {
      const cpu = process.cpuUsage();
      send({
        type: 'stats',
        pid: process.pid,
        cpuUs: cpu.user + cpu.system,
        rss: process.memoryUsage.rss(),
        peakRss: peakRss(),
        caches: endpoint.memory(),
      });
    } else if (m.type === 'close') {
      report();
      void endpoint
        .stop()
        .then(async () => (await storage?.catch(() => null))?.close())
        .finally(() => {
          catalog.close();
          process.exit(0);
        });
    }
  });

  endpoint
    .start({
      ...(config.host !== undefined && { host: config.host }),
      ...(config.port !== undefined && { port: config.port }),
    })
    .then(
      (status) => send({ type: 'listening', host: status.listening!.host, port: status.listening!.port, notice: status.notice }),
      (err: unknown) => {
        send({ type: 'failed', message: (err as Error).message });
        process.exit(1);
      },
    );
}

main();
