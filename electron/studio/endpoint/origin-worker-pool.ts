/**
 * The streaming endpoint on every core: N origin processes (node:cluster) answering on one port,
 * each opening the library read-only for locators and its own presentations and caches. Nothing is
 * shared but the library's files (and blob storage: a worker asks this process once for the
 * account's connection string, starting the embedded Azurite if need be). A worker that dies is
 * replaced; the port stays open while any worker lives.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';

/** What a worker needs to serve: the library and the address (host/port overrides of this run). */
export interface OriginWorkerConfig {
  readonly libraryDir: string;
  readonly host?: string;
  readonly port?: number;
}

/** What a worker reports once it listens. */
export interface WorkerListening {
  readonly type: 'listening';
  readonly host: string;
  readonly port: number;
  readonly notice: string | null;
}

/** A worker's memory and cache report (the `stats` message). */
export interface WorkerStats {
  readonly type: 'stats';
  readonly pid: number;
  readonly cpuUs: number;
  readonly rss: number;
  readonly peakRss: number;
  readonly caches: Record<string, number>;
}

export type WorkerMessage = WorkerListening | WorkerStats | { type: 'failed'; message: string } | { type: 'blob-connection' };

export interface OriginWorkerPoolOptions {
  readonly workers: number;
  readonly config: OriginWorkerConfig;
  /** The blob account's connection string for workers serving blob assets. */
  readonly blobConnectionString?: () => Promise<string | null>;
  /**
   * V8's young generation per worker (MiB). Small semi-spaces keep an origin's RSS low: its garbage is
   * short-lived request state, scavenged cheaply either way (bench:origin measures the trade).
   */
  readonly semiSpaceMiB?: number;
}

const WORKER_ENTRY = fileURLToPath(new URL('./origin-worker.ts', import.meta.url));
export const ORIGIN_WORKER_ENV = 'ORIGIN_STUDIO_ORIGIN_WORKER';

export class OriginWorkerPool {
  readonly #options: OriginWorkerPoolOptions;
  readonly #workers = new Set<Worker>();
  /** Workers that listen (a replacement still starting is not asked for stats). */
  readonly #listening = new Set<Worker>();
  #port = 0;
  #host = '';
  #notice: string | null = null;
  #closing = false;

  private constructor(options: OriginWorkerPoolOptions) {
    this.#options = options;
  }

  /** Starts the workers; resolves once all listen (the first decides the port, the rest join it). */
  static async start(options: OriginWorkerPoolOptions): Promise<OriginWorkerPool> {
    if (!cluster.isPrimary) throw new Error('An origin worker pool starts from the primary process');
    const pool = new OriginWorkerPool(options);
    try {
      const first = await pool.#fork(options.config);
      pool.#port = first.port;
      pool.#host = first.host;
      pool.#notice = first.notice;
      await Promise.all(Array.from({ length: Math.max(0, options.workers - 1) }, () => pool.#fork(pool.#joined())));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get port(): number {
    return this.#port;
  }
  get host(): string {
    return this.#host;
  }
  get notice(): string | null {
    return this.#notice;
  }
  get size(): number {
    return this.#workers.size;
  }

  /** Every listening worker's CPU time, memory and cache sizes (one that dies meanwhile is left out). */
  async stats(): Promise<WorkerStats[]> {
    const all = await Promise.all(
      [...this.#listening].map(
        (w) =>
          new Promise<WorkerStats | null>((resolve) => {
            const on = (m: WorkerMessage): void => {
              if (m.type !== 'stats') return;
              w.off('message', on);
              resolve(m);
            };
            w.on('message', on);
            w.once('exit', () => resolve(null));
            w.send({ type: 'stats' }, (err) => err && resolve(null));
          }),
      ),
    );
    return all.filter((s) => s !== null);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      [...this.#workers].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.send({ type: 'close' });
            // A worker stuck in a long response is not waited for forever.
            setTimeout(() => w.process.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    this.#workers.clear();
  }

  #joined(): OriginWorkerConfig {
    return { ...this.#options.config, host: this.#host, port: this.#port };
  }

  #fork(config: OriginWorkerConfig): Promise<WorkerListening> {
    const semi = this.#options.semiSpaceMiB ?? 4;
    cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: [...process.execArgv, `--max-semi-space-size=${semi}`] });
    const worker = cluster.fork({ [ORIGIN_WORKER_ENV]: JSON.stringify(config) });
    this.#workers.add(worker);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type !== 'blob-connection') return;
      const get = this.#options.blobConnectionString ?? (() => Promise.resolve(null));
      get().then(
        (connectionString) => worker.send({ type: 'blob-connection', connectionString }),
        (err: unknown) => worker.send({ type: 'blob-connection', connectionString: null, message: (err as Error).message }),
      );
    });
    worker.once('exit', () => {
      this.#workers.delete(worker);
      this.#listening.delete(worker);
      // Crashed (not closed by us): a replacement joins the port.
      if (!this.#closing && this.#port !== 0) this.#fork(this.#joined()).catch(() => undefined);
    });
    return new Promise((resolve, reject) => {
      const on = (m: WorkerMessage): void => {
        if (m.type === 'listening') {
          this.#listening.add(worker);
          resolve(m);
        }
        else if (m.type === 'failed') reject(Object.assign(new Error(m.message), { code: 'endpoint-listen' }));
        else return;
        worker.off('message', on);
      };
      worker.on('message', on);
      worker.once('exit', (code) => reject(new Error(`An origin worker exited (code ${code}) before it listened`)));
    });
  }
}
