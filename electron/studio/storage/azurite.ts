import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StorageError } from './blob-store.ts';
import { azuriteConnectionString } from './connection-string.ts';

export interface AzuriteOptions {
  /** Where Azurite keeps its blobs and metadata (the studio: `<library>/azurite`). */
  readonly dataDir: string;
  /** Default 127.0.0.1: the emulator's well-known key is public, so it never listens beyond loopback unless asked. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
}

export interface RunningAzurite {
  /** The blob endpoint, e.g. `http://127.0.0.1:41234/devstoreaccount1`. */
  readonly blobEndpoint: string;
  readonly port: number;
  /** The connection string of Azurite's development account at this endpoint. */
  readonly connectionString: string;
  readonly pid: number;
  /** Stops the emulator (SIGTERM, then SIGKILL after 5 s); resolves when it has exited. */
  stop(): Promise<void>;
}

const READY = /successfully listens on (https?:\/\/\S+)/;

/** The azurite-blob entry point of the installed npm package (its `bin`). */
export function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('azurite/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin?: Record<string, string> };
  const bin = pkg.bin?.['azurite-blob'];
  if (!bin) throw new StorageError('unavailable', 'The installed azurite package has no azurite-blob entry; reinstall the studio (npm ci).');
  return path.join(path.dirname(pkgFile), bin);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** An emulator must not outlive the studio, even when the studio exits without closing. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts Azurite's blob service as a child process (the same Node — or Electron run as Node — that
 * runs the studio), on loopback and a free port, telemetry off, API version check skipped (the SDK
 * may be newer than the emulator), loose mode (headers it does not implement are ignored).
 */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  fs.mkdirSync(options.dataDir, { recursive: true });
  const args = [
    azuriteBlobMain(),
    '--blobHost', host,
    '--blobPort', String(options.port ?? 0),
    '--location', options.dataDir,
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    '--silent',
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  running.add(child);
  installExitHook();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new StorageError('unavailable', `Azurite did not start within ${(options.startTimeoutMs ?? 30_000) / 1000} s. Output: ${output.slice(-500)}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new StorageError('unavailable', `Could not start Azurite: ${err.message}`, { cause: err }));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new StorageError(
          'unavailable',
          `Azurite exited before it was ready (${signal ?? `code ${code}`}): ${output.trim().slice(-500) || 'no output'}. ` +
            `Check that ${options.dataDir} is writable${options.port ? ` and port ${options.port} is free` : ''}` +
            // Packaged builds turn Electron's runAsNode fuse off: the child is then the app, not Node.
            (process.versions.electron ? '; a packaged app cannot run Azurite as a child: connect a storage account (origin-studio storage connect) instead.' : '.'),
        ),
      );
    });
  });
  // Keep draining its output so a chatty emulator never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  const port = Number(new URL(url).port);
  const blobEndpoint = `http://${host}:${port}/devstoreaccount1`;
  let stopping: Promise<void> | null = null;
  return {
    blobEndpoint,
    port,
    connectionString: azuriteConnectionString(`http://${host}:${port}`),
    pid: child.pid ?? -1,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}
