/**
 * The streaming endpoint in origin processes: N node:cluster workers answering on one port (`serve
 * --workers N`: every core), or one child process of another kind (the desktop app's Electron
 * utility process, so a heavy segment build never stalls the window). Each opens the library
 * read-only for locators and keeps its own presentations and caches; nothing is shared but the
 * library's files (and blob storage: a worker asks this process once for the account's connection
 * string, starting the embedded Azurite if need be). Their request logs come here. A worker that
 * dies is replaced; the port stays open while any worker lives.
 */
import cluster from 'node:cluster';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../../../packaging-core/index.ts';

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

/** Requests a worker answered since its last report (sent in batches, a few times a second). */
export interface WorkerRequests {
  readonly type: 'requests';
  readonly entries: readonly (RequestLogEntry & { client: string })[];
}

export type WorkerMessage =
  | WorkerListening
  | WorkerStats
  | WorkerRequests
  | { type: 'failed'; message: string }
  | { type: 'blob-connection' };

/** One origin process as the pool drives it (a cluster worker, a forked child, a utility process). */
export interface OriginChild {
  send(message: unknown): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (m: WorkerMessage) => void): () => void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

/**
 * Starts one origin process running the worker entry (origin-worker.ts, or its bundle) with these
 * extra environment variables and V8 flags. `shared`: its processes listen on one port together
 * (node:cluster); otherwise the pool runs exactly one.
 */
export interface OriginSpawner {
  readonly shared: boolean;
  spawn(env: Record<string, string>, execArgv: readonly string[]): OriginChild;
}

/** The worker entry beside this module (the TypeScript source; a bundled app passes its own). */
function defaultEntry(): string {
  return fileURLToPath(new URL('./origin-worker.ts', import.meta.url));
}

/** node:cluster workers sharing the port (serve --workers N). From the primary process only. */
export function clusterSpawner(entry = defaultEntry()): OriginSpawner {
  return {
    shared: true,
    spawn(env, execArgv) {
      cluster.setupPrimary({ exec: entry, execArgv: [...process.execArgv, ...execArgv] });
      const worker = cluster.fork(env);
      return {
        send: (m) => void worker.send(m as object),
        onMessage(listener) {
          worker.on('message', listener);
          return () => worker.off('message', listener);
        },
        onExit: (listener) => void worker.once('exit', (code) => listener(code)),
        kill: () => void worker.process.kill('SIGKILL'),
        get pid() {
          return worker.process.pid;
        },
      };
    },
  };
}

/**
 * One forked child listening on its own (child_process.fork, IPC): the shape of Electron's utility
 * process, which the desktop app uses (electron/shell/origin-process.ts); tests use this one.
 */
export function forkSpawner(entry = defaultEntry()): OriginSpawner {
  return {
    shared: false,
    spawn(env, execArgv) {
      const child = fork(entry, [], { env: { ...process.env, ...env }, execArgv: [...process.execArgv, ...execArgv], stdio: 'inherit' });
      return {
        send: (m) => void child.send(m as object),
        onMessage(listener) {
          child.on('message', listener);
          return () => child.off('message', listener);
        },
        onExit: (listener) => void child.once('exit', (code) => listener(code)),
        kill: () => void child.kill('SIGKILL'),
        get pid() {
          return child.pid;
        },
      };
    },
  };
}

export interface OriginWorkerPoolOptions {
  readonly workers: number;
  readonly config: OriginWorkerConfig;
  /** The blob account's connection string for workers serving blob assets. */
  readonly blobConnectionString?: () => Promise<string | null>;
  /** V8's young generation per worker (MiB; default ORIGIN_SEMI_SPACE_MIB). */
  readonly semiSpaceMiB?: number;
  /** How workers start (default: node:cluster workers of origin-worker.ts). */
  readonly spawner?: OriginSpawner;
  /** The requests the workers answered (their request logs, in batches). */
  readonly onRequests?: (entries: WorkerRequests['entries']) => void;
}

export const ORIGIN_WORKER_ENV = 'ORIGIN_STUDIO_ORIGIN_WORKER';

/**
 * glibc malloc settings of origin processes (read at process start, so set when they are spawned):
 * buffers of 256 KiB and more are always mapped and unmapped (glibc otherwise raises its mmap
 * threshold after the first frees and serves later ones from the heap, which fragments and keeps the
 * RSS up long after a burst), and two arenas (the origin allocates buffers on its main thread; more
 * arenas only hold more free memory). bench:origin runs its origin with the same settings.
 */
export const ORIGIN_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '262144' };

/**
 * V8's semi-space of origin processes (MiB; the young generation is a few of them). An origin's
 * garbage is short-lived request state, scavenged cheaply whatever the size; V8's default (up to 16
 * MiB on 64-bit) only holds more of it. bench:origin on the uncached TS load: heap 21 MiB with 4,
 * 17–18 with 2, 15–16 with 1, segments per CPU-second the same within the machine's noise. 2 keeps
 * the scavenges rarer than 1 for the same memory trend.
 */
export const ORIGIN_SEMI_SPACE_MIB = 2;

/**
 * The V8 flags of an origin process (serve --workers, the desktop app's utility process, bench:origin).
 * `--optimize-for-size`: V8 grows the old generation in smaller steps and keeps less optimized code.
 * bench:origin, every format through one origin (wrk, 4 connections, load ~2): peak RSS 107–111 MiB with
 * it, 113–127 without; segments per CPU-second within the runs' noise (uncached 2 s TS 1,378–1,762 vs
 * 1,482–1,497, DASH 2,316–2,946 vs 2,507–2,878): the hot loops are native copies and syscalls, not JIT code.
 */
export function originV8Flags(semiSpaceMiB = ORIGIN_SEMI_SPACE_MIB): string[] {
  return [`--max-semi-space-size=${semiSpaceMiB}`, '--optimize-for-size'];
}

export class OriginWorkerPool {
  readonly #options: OriginWorkerPoolOptions;
  readonly #spawner: OriginSpawner;
  readonly #workers = new Set<OriginChild>();
  /** Workers that listen (a replacement still starting is not asked for stats). */
  readonly #listening = new Set<OriginChild>();
  #port = 0;
  #host = '';
  #notice: string | null = null;
  #closing = false;

  private constructor(options: OriginWorkerPoolOptions) {
    this.#options = options;
    this.#spawner = options.spawner ?? clusterSpawner();
  }

  /** Starts the workers; resolves once all listen (the first decides the port, the rest join it). */
  static async start(options: OriginWorkerPoolOptions): Promise<OriginWorkerPool> {
    if (!cluster.isPrimary) throw new Error('An origin worker pool starts from the primary process');
    const pool = new OriginWorkerPool(options);
    // Processes that do not share a port: one.
    const workers = pool.#spawner.shared ? options.workers : 1;
    try {
      const first = await pool.#fork(options.config);
      pool.#port = first.port;
      pool.#host = first.host;
      pool.#notice = first.notice;
      await Promise.all(Array.from({ length: Math.max(0, workers - 1) }, () => pool.#fork(pool.#joined())));
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
            const off = w.onMessage((m) => {
              if (m.type !== 'stats') return;
              off();
              resolve(m);
            });
            w.onExit(() => resolve(null));
            try {
              w.send({ type: 'stats' });
            } catch {
              resolve(null);
            }
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
            w.onExit(() => resolve());
            try {
              w.send({ type: 'close' });
            } catch {
              return resolve(); // already gone
            }
            // A worker stuck in a long response is not waited for forever.
            setTimeout(() => w.kill(), 5000).unref();
          }),
      ),
    );
    this.#workers.clear();
  }

  #joined(): OriginWorkerConfig {
    return { ...this.#options.config, host: this.#host, port: this.#port };
  }

  #fork(config: OriginWorkerConfig): Promise<WorkerListening> {
    const worker = this.#spawner.spawn({ ...ORIGIN_MALLOC_ENV, [ORIGIN_WORKER_ENV]: JSON.stringify(config) }, originV8Flags(this.#options.semiSpaceMiB));
    this.#workers.add(worker);
    let exited = false;
    worker.onMessage((m) => {
      if (m.type === 'requests') return this.#options.onRequests?.(m.entries);
      if (m.type !== 'blob-connection') return;
      const get = this.#options.blobConnectionString ?? (() => Promise.resolve(null));
      get().then(
        (connectionString) => !exited && worker.send({ type: 'blob-connection', connectionString }),
        (err: unknown) => !exited && worker.send({ type: 'blob-connection', connectionString: null, message: (err as Error).message }),
      );
    });
    worker.onExit(() => {
      exited = true;
      this.#workers.delete(worker);
      this.#listening.delete(worker);
      // Crashed (not closed by us): a replacement joins the port.
      if (!this.#closing && this.#port !== 0) this.#fork(this.#joined()).catch(() => undefined);
    });
    return new Promise((resolve, reject) => {
      const off = worker.onMessage((m) => {
        if (m.type === 'listening') {
          this.#listening.add(worker);
          resolve(m);
        } else if (m.type === 'failed') reject(Object.assign(new Error(m.message), { code: 'endpoint-listen' }));
        else return;
        off();
      });
      worker.onExit((code) => reject(new Error(`An origin worker exited (code ${code}) before it listened`)));
    });
  }
}
