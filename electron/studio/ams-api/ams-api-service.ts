/**
 * The API as a part of the studio: its setting (on/off, interface, port — kept in the library), and
 * start/stop through the Studio facade, so the desktop app turns it on from Settings and it comes
 * back on at the next launch. The CLI's `api` command starts a server directly.
 */
import type { AmsApiStatusData, OperationInput } from '../api/contract.ts';
import type { Handlers } from '../api/dispatch.ts';
import { AccessTokens, DEFAULT_TOKEN_LIFETIME_SEC } from './access-tokens.ts';
import { apiDataDir, DEFAULT_API_PORT, startAmsApi, type AmsApiServer } from './api-server.ts';
import type { BlobStorageAccess } from './arm-context.ts';

export const AMS_API_SETTING = 'amsApi';

export interface AmsApiSettings {
  readonly enabled: boolean;
  /** 127.0.0.1 unless the user chose another interface. */
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_AMS_API_SETTINGS: AmsApiSettings = { enabled: false, host: '127.0.0.1', port: DEFAULT_API_PORT };

export interface AmsApiServiceOptions {
  readonly handlers: () => Handlers;
  readonly libraryDir: string;
  readonly storage: BlobStorageAccess | null;
  readonly loadSettings: () => AmsApiSettings;
  readonly saveSettings: (s: AmsApiSettings) => void;
}

export class AmsApiService {
  readonly #o: AmsApiServiceOptions;
  #server: AmsApiServer | null = null;
  #error: string | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(options: AmsApiServiceOptions) {
    this.#o = options;
  }

  status(): AmsApiStatusData {
    const s = this.#o.loadSettings();
    return {
      enabled: s.enabled,
      state: this.#server ? 'Running' : 'Stopped',
      host: s.host,
      port: s.port,
      url: this.#server?.url ?? null,
      certFile: this.#server?.certFile ?? null,
      error: this.#error,
    };
  }

  /** One change at a time: a start racing a stop would leave a server nobody holds. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#busy.then(fn, fn);
    this.#busy = next.catch(() => undefined);
    return next;
  }

  async #start(): Promise<void> {
    if (this.#server) return;
    const s = this.#o.loadSettings();
    try {
      this.#server = await startAmsApi({ handlers: this.#o.handlers(), libraryDir: this.#o.libraryDir, host: s.host, port: s.port, storage: this.#o.storage });
      this.#error = null;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      this.#error =
        e.code === 'EADDRINUSE'
          ? `Port ${s.port} is in use; choose another port for the AMS API.`
          : e.code === 'EADDRNOTAVAIL'
            ? `${s.host} is not an address of this machine.`
            : `The AMS API could not start: ${e.message}`;
      throw Object.assign(new Error(this.#error), { code: 'invalid-argument' });
    }
  }

  async #stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    await server?.close();
  }

  /** Starts it when the setting says so (the app at launch); a failure is kept in status().error. */
  startIfEnabled(): Promise<void> {
    return this.#serial(async () => {
      if (this.#o.loadSettings().enabled) await this.#start().catch(() => undefined);
    });
  }

  /** Saves the setting and brings the server in line with it (restarted when host or port changed). */
  set(patch: OperationInput<'amsApi.set'>): Promise<AmsApiStatusData> {
    return this.#serial(async () => {
      const before = this.#o.loadSettings();
      const next: AmsApiSettings = { ...before, ...patch };
      this.#o.saveSettings(next);
      if (!next.enabled) {
        await this.#stop();
        this.#error = null;
      } else {
        if (next.host !== before.host || next.port !== before.port) await this.#stop();
        await this.#start();
      }
      return this.status();
    });
  }

  async token(lifetimeSec = DEFAULT_TOKEN_LIFETIME_SEC): Promise<{ token: string; expiresOn: string }> {
    const t = await (await AccessTokens.open(apiDataDir(this.#o.libraryDir))).issue(lifetimeSec);
    return { token: t.token, expiresOn: t.expiresOn.toISOString() };
  }

  close(): Promise<void> {
    return this.#serial(() => this.#stop());
  }
}
