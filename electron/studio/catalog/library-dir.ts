import os from 'node:os';
import path from 'node:path';

/** Where a library keeps what: one SQLite catalog, one folder per asset, uploads and scratch space. */
export interface LibraryLayout {
  readonly root: string;
  readonly catalogFile: string;
  readonly assetsDir: string;
  readonly uploadsDir: string;
  /** Partial outputs (a job writes here, then renames into assets/); emptied on start. */
  readonly tmpDir: string;
  /** Each job's full log (bounded, rotated). */
  readonly jobLogsDir: string;
}

export function libraryLayout(root: string): LibraryLayout {
  const abs = path.resolve(root);
  return {
    root: abs,
    catalogFile: path.join(abs, 'catalog.sqlite'),
    assetsDir: path.join(abs, 'assets'),
    uploadsDir: path.join(abs, 'uploads'),
    tmpDir: path.join(abs, 'tmp'),
    jobLogsDir: path.join(abs, 'logs', 'jobs'),
  };
}

export interface PlatformEnv {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

/**
 * The OS's per-user application-data folder for the studio. `ORIGIN_STUDIO_LIBRARY` overrides it
 * (tests, portable installs, servers); on Linux XDG_DATA_HOME is honoured.
 */
export function defaultLibraryDir(
  p: PlatformEnv = { platform: process.platform, env: process.env, home: os.homedir() },
): string {
  const override = p.env.ORIGIN_STUDIO_LIBRARY;
  if (override) return override;
  switch (p.platform) {
    case 'darwin':
      return path.posix.join(p.home, 'Library', 'Application Support', 'Origin Studio');
    case 'win32':
      return path.win32.join(p.env.APPDATA ?? path.win32.join(p.home, 'AppData', 'Roaming'), 'Origin Studio');
    default:
      return path.posix.join(p.env.XDG_DATA_HOME || path.posix.join(p.home, '.local', 'share'), 'origin-studio');
  }
}
