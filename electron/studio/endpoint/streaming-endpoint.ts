import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders, createOriginHandler, type OriginHandler, originMemoryReport, PresentationCache, redactSecrets } from '../../../packaging-core/index.ts';
import { assetFolderPath, getAsset } from '../catalog/assets-repo.ts';
import { getEndpointSettings } from '../catalog/endpoint-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset, EndpointSettings } from '../catalog/types.ts';
import { servableFormats, type StreamingFormat } from '../../../packaging-core/index.ts';
import { createLocatorResolver } from '../publishing/locator-resolver.ts';
import { listLocators, locatorStatus } from '../publishing/locators.ts';
import { endpointBaseUrl } from './endpoint-url.ts';
import { createIpFilter } from './ip-allow.ts';
import { type LoggedRequest, RequestLog } from './request-log.ts';
import { OriginWorkerPool, type OriginSpawner, type WorkerStats } from './origin-worker-pool.ts';

export interface EndpointStatus {
  readonly state: 'Stopped' | 'Running';
  readonly url: string | null;
  readonly listening: { readonly host: string; readonly port: number } | null;
  readonly notice: string | null;
}

export interface StreamingEndpointOptions {
  /** Unexpected origin failures (bugs, I/O); the client got a bare 500. */
  readonly onError?: (err: unknown, path: string) => void;
  readonly logCapacity?: number;
  /** The origin folder of an asset kept in blob storage (StudioStorage.originFolder). */
  readonly blobFolder?: (assetId: string) => Promise<string>;
  /**
   * Origin processes on the endpoint's port (`serve --workers N`): above 1, the origin runs in that
   * many worker processes (OriginWorkerPool) instead of this one; default 1, in this process.
   */
  readonly workers?: number;
  /**
   * How origin processes start. Given, the origin always runs outside this process (the desktop app:
   * one Electron utility process, so the window's main thread never builds a segment); absent,
   * node:cluster workers when `workers` is above 1.
   */
  readonly spawner?: OriginSpawner;
  /** The blob account's connection string, for worker processes (StudioStorage's account or Azurite). */
  readonly blobConnectionString?: () => Promise<string | null>;
  /** Every request as it is logged (an origin worker forwards its log to the main one). */
  readonly onRequest?: (entry: LoggedRequest) => void;
}

type Running = InProcess | InWorkers;

interface InProcess {
  readonly server: Server;
  readonly handler: OriginHandler;
  readonly pool?: undefined;
  readonly settings: EndpointSettings;
  readonly port: number;
  readonly notice: string | null;
}

interface InWorkers {
  readonly pool: OriginWorkerPool;
  readonly settings: EndpointSettings;
  readonly port: number;
  readonly notice: string | null;
}

class PortInUseError extends Error {}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(err.message) : err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * The studio's streaming endpoint: the origin (createOriginHandler over the catalog's locators) on
 * host:port with the endpoint settings — CORS origins, Cache-Control max-age, IP allow list, and the
 * host name published URLs carry. Settings are read when it starts; restart it to apply changes.
 */
/** Published assets opened ahead of their first viewer at start (the presentation cache holds 64). */
const WARM_LIMIT = 32;

export class StreamingEndpoint {
  readonly #catalog: Catalog;
  readonly #options: StreamingEndpointOptions;
  readonly #log: RequestLog;
  readonly #presentations = new PresentationCache();
  #running: Running | null = null;
  #overrides: Partial<Pick<EndpointSettings, 'host' | 'port'>> = {};
  #transition: Promise<unknown> = Promise.resolve();
  #warming: Promise<void> = Promise.resolve();

  constructor(catalog: Catalog, options: StreamingEndpointOptions = {}) {
    this.#catalog = catalog;
    this.#options = options;
    this.#log = new RequestLog(options.logCapacity ?? 1000, options.onRequest);
  }

  get requestLog(): RequestLog {
    return this.#log;
  }

  status(): EndpointStatus {
    const r = this.#running;
    if (!r) return { state: 'Stopped', url: null, listening: null, notice: null };
    return {
      state: 'Running',
      url: endpointBaseUrl(r.settings, r.port),
      listening: { host: r.settings.host, port: r.port },
      notice: r.notice,
    };
  }

  /** The base of published URLs: the running endpoint's, else what the settings will give. */
  baseUrl(): string {
    const r = this.#running;
    if (r) return endpointBaseUrl(r.settings, r.port);
    const settings = getEndpointSettings(this.#catalog);
    return endpointBaseUrl(settings, settings.port);
  }

  /**
   * Starts (no-op when running). A busy configured port falls back to a free one, said in `notice`.
   * `overrides` apply to this run only (the command's --host/--port), not to the saved settings.
   */
  start(overrides: Partial<Pick<EndpointSettings, 'host' | 'port'>> = {}): Promise<EndpointStatus> {
    return this.#serialize(async () => {
      if (!this.#running) {
        this.#running = await this.#listen({ ...getEndpointSettings(this.#catalog), ...overrides });
        this.#overrides = overrides;
        // Worker processes open (and warm) their own presentations.
        if (!this.#running.pool) this.#warming = this.#warm();
      }
      return this.status();
    });
  }

  stop(): Promise<EndpointStatus> {
    return this.#serialize(async () => {
      const r = this.#running;
      this.#running = null;
      if (r?.pool) await r.pool.close();
      else if (r) {
        await new Promise<void>((resolve) => {
          r.server.close(() => resolve());
          r.server.closeAllConnections();
        });
        await r.handler.close();
      }
      return this.status();
    });
  }

  /** Applies changed settings to a running endpoint (stop, start); a stopped one stays stopped. */
  async restartIfRunning(): Promise<EndpointStatus> {
    if (!this.#running) return this.status();
    await this.stop();
    return this.start(this.#overrides);
  }

  /** What this process's origin caches and pools hold, bytes (empty when stopped or in workers). */
  memory(): Record<string, number> {
    const r = this.#running;
    if (!r || r.pool) return {};
    return originMemoryReport(r.handler.memory(), this.#presentations);
  }

  /** Each origin worker's CPU time, memory and caches (empty when the origin runs in this process). */
  async workerStats(): Promise<WorkerStats[]> {
    return this.#running?.pool ? this.#running.pool.stats() : [];
  }

  /** How many presentations the origin holds opened. */
  get openPresentations(): number {
    return this.#presentations.size;
  }

  /**
   * The formats an asset's codecs can be served in (ListPaths lists only those), from its presentation
   * as the origin opened it; undefined when it cannot be opened here (a blob asset, a broken one: the
   * origin's own answer then says why).
   */
  async servedFormats(asset: Asset): Promise<StreamingFormat[] | undefined> {
    if (!asset.ismName || asset.state !== 'Finished' || asset.storage === 'blob') return undefined;
    const p = await this.#presentations.get(assetFolderPath(this.#catalog, asset), asset.ismName).catch(() => null);
    return p ? servableFormats(p.video.map((t) => t.config.codec), p.audio.map((t) => t.config.codec)) : undefined;
  }

  /** Resolves when the published assets opened at start are in the cache (tests, benchmarks). */
  warmed(): Promise<void> {
    return this.#warming;
  }

  /**
   * Opens the presentations of published assets in the background after a start, one at a time, so a
   * viewer's first segment does not pay for parsing the MP4s (15–25 ms in a fresh process). Failures
   * are left for the requests to report; the cache bounds what is kept.
   */
  async #warm(): Promise<void> {
    const assets = new Set(
      listLocators(this.#catalog)
        .filter((l) => locatorStatus(l) === 'active')
        .map((l) => l.assetId),
    );
    let opened = 0;
    for (const id of assets) {
      if (!this.#running || opened >= WARM_LIMIT) return;
      const asset = getAsset(this.#catalog, id);
      // Blob assets open on their first request (warming would start blob storage for nothing).
      if (!asset?.ismName || asset.state !== 'Finished' || asset.storage === 'blob') continue;
      opened++;
      await this.#presentations.get(assetFolderPath(this.#catalog, asset), asset.ismName).catch(() => undefined);
    }
  }

  #serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#transition.then(fn, fn);
    this.#transition = next.catch(() => undefined);
    return next;
  }

  async #listen(settings: EndpointSettings): Promise<Running> {
    const workers = this.#options.workers ?? 1;
    if (workers > 1 || this.#options.spawner) {
      const pool = await OriginWorkerPool.start({
        workers,
        config: { libraryDir: this.#catalog.layout.root, host: settings.host, port: settings.port },
        ...(this.#options.blobConnectionString && { blobConnectionString: this.#options.blobConnectionString }),
        ...(this.#options.spawner && { spawner: this.#options.spawner }),
        // The workers' requests join this log, as if this process had answered them.
        onRequests: (entries) => {
          for (const entry of entries) this.#log.push(entry);
        },
      });
      return { pool, settings, port: pool.port, notice: pool.notice };
    }
    const allowed = createIpFilter(settings.ipAllow);
    let boundPort = settings.port;
    const handler = createOriginHandler({
      // Absolute URLs in manifests (the ClearKey licence URL) use the configured host name; without
      // one, the address each connection reached. Never the request's Host header.
      ...(settings.hostName?.trim() && { baseUrl: () => endpointBaseUrl(settings, boundPort) }),
      resolveLocator: createLocatorResolver(this.#catalog, undefined, this.#options.blobFolder),
      presentations: (folder, ism) => this.#presentations.get(folder, ism),
      corsOrigins: settings.corsOrigins,
      ...(settings.maxAgeSec !== null && { manifestMaxAge: settings.maxAgeSec }),
      ...(this.#options.onError && { onError: this.#options.onError }),
      // The origin knows the bytes it sent (headers given to writeHead are not readable afterwards).
      onRequest: (entry) => this.#log.push({ ...entry, client: entry.client ?? '' }),
    });
    const server = createServer((req, res) => {
      const client = req.socket.remoteAddress ?? '';
      if (!allowed(client)) {
        const started = performance.now();
        res.once('finish', () =>
          this.#log.push({
            time: new Date().toISOString(),
            method: req.method ?? '?',
            path: redactSecrets(req.url ?? '/'),
            status: 403,
            bytes: 0,
            ms: Math.round((performance.now() - started) * 100) / 100,
            client,
          }),
        );
        // With the CORS headers every origin answer carries: a browser player can then read why.
        res.writeHead(403, { ...corsHeaders(req, settings.corsOrigins), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`MPE_IP_ADDRESS_NOT_ALLOWED: ${client} is not in the streaming endpoint's IP allow list\n`);
        return;
      }
      handler(req, res);
    });
    server.keepAliveTimeout = 5000;
    let port = settings.port;
    let notice: string | null = null;
    try {
      await listen(server, port, settings.host);
    } catch (err) {
      if (!(err instanceof PortInUseError) || port === 0) {
        await handler.close();
        throw describeListenError(err, settings);
      }
      await listen(server, 0, settings.host);
      notice = `Port ${port} is in use by another program; the endpoint listens on port ${(server.address() as AddressInfo).port} instead.`;
    }
    port = (server.address() as AddressInfo).port;
    boundPort = port;
    return { server, handler, settings, port, notice };
  }
}

function describeListenError(err: unknown, settings: EndpointSettings): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${settings.host}:${settings.port}`;
  const reason =
    code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
      ? `${settings.host} is not an address of this machine; choose 127.0.0.1 or one of its network addresses`
      : code === 'EACCES'
        ? `the system refused port ${settings.port} (ports below 1024 need administrator rights); choose a port from 1024 up`
        : (err as Error).message;
  return Object.assign(new Error(`The streaming endpoint cannot listen on ${where}: ${reason}.`), { code: 'endpoint-listen' });
}
