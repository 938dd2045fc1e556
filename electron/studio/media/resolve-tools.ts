/**
 * Finds the ffmpeg and ffprobe executables the studio runs, in a fixed order:
 *   1. FFMPEG_PATH / FFPROBE_PATH (the user's explicit choice: if it is broken we say so, never fall back),
 *   2. the optional npm binary package (ffmpeg-static / @ffprobe-installer/ffprobe), when installed and its
 *      binary really exists (an install with --ignore-scripts leaves a path to nothing),
 *   3. `ffmpeg` / `ffprobe` on PATH.
 * Each candidate is confirmed by running `-version`. Results are cached per process.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ToolInfo {
  path: string;
  source: 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'ffmpeg-static' | '@ffprobe-installer' | 'PATH';
  version: string;
}

export type ToolName = 'ffmpeg' | 'ffprobe';

export class ToolNotFoundError extends Error {
  readonly tool: ToolName;
  /** Where we looked, for the settings page and bug reports. */
  readonly tried: readonly string[];

  constructor(tool: ToolName, tried: readonly string[], problem?: string) {
    const envVar = tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
    super(
      `${problem ?? `${tool} was not found.`} Install ffmpeg (Windows: winget install Gyan.FFmpeg; macOS: brew install ffmpeg; ` +
        `Debian/Ubuntu: sudo apt install ffmpeg), or set ${envVar} to the full path of the ${tool} executable.` +
        (tried.length > 0 ? ` Looked in: ${tried.join(', ')}.` : ''),
    );
    this.name = 'ToolNotFoundError';
    this.tool = tool;
    this.tried = tried;
  }
}

/** What resolution depends on, injectable so the order can be tested without touching the machine. */
export interface ResolveEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** Loads an optional package; rejects when it is not installed. */
  readonly importOptional: (name: string) => Promise<unknown>;
}

const defaultEnvironment = (): ResolveEnvironment => ({
  env: process.env,
  platform: process.platform,
  // A variable specifier keeps bundlers and tsc from requiring the optional package at build time.
  importOptional: (name) => import(/* @vite-ignore */ name),
});

interface ToolSpec {
  readonly tool: ToolName;
  readonly envVar: 'FFMPEG_PATH' | 'FFPROBE_PATH';
  readonly pkg: string;
  readonly pkgSource: 'ffmpeg-static' | '@ffprobe-installer';
  /** The binary path an installed package exports (ffmpeg-static: the path itself; installer: `.path`). */
  readonly pkgPath: (mod: unknown) => unknown;
}

const SPECS: Readonly<Record<ToolName, ToolSpec>> = {
  ffmpeg: {
    tool: 'ffmpeg',
    envVar: 'FFMPEG_PATH',
    pkg: 'ffmpeg-static',
    pkgSource: 'ffmpeg-static',
    pkgPath: (mod) => (mod as { default?: unknown }).default ?? mod,
  },
  ffprobe: {
    tool: 'ffprobe',
    envVar: 'FFPROBE_PATH',
    pkg: '@ffprobe-installer/ffprobe',
    pkgSource: '@ffprobe-installer',
    pkgPath: (mod) => {
      const m = (mod as { default?: unknown }).default ?? mod;
      return (m as { path?: unknown }).path;
    },
  },
};

/**
 * In a packaged Electron app the package's path points inside app.asar, which cannot be executed; the
 * binary is shipped next to it in app.asar.unpacked (electron-builder `asarUnpack`).
 */
export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

async function isExecutableFile(p: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(p)).isFile()) return false;
    await access(p, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Candidates for `name` in the PATH directories (with PATHEXT on Windows), in PATH order. */
export function pathCandidates(name: string, env: ResolveEnvironment['env'], platform: NodeJS.Platform): string[] {
  const pathVar = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const dirs = pathVar.split(delimiter).filter((d) => d.trim() !== '');
  return dirs.flatMap((dir) => exts.map((ext) => join(dir.replace(/^"(.*)"$/, '$1'), name + ext.toLowerCase())));
}

/** The version word of `ffmpeg -version`'s first line (`ffmpeg version 5.1.9-0+deb12u1 Copyright …`). */
export function parseVersionOutput(tool: ToolName, stdout: string): string | null {
  const first = stdout.split(/\r?\n/, 1)[0] ?? '';
  const m = new RegExp(`^${tool} version (\\S+)`).exec(first);
  return m?.[1] ?? null;
}

function runVersion(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['-version'], { timeout: 15_000, windowsHide: true }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

async function confirm(spec: ToolSpec, file: string, source: ToolInfo['source']): Promise<ToolInfo | string> {
  try {
    const version = parseVersionOutput(spec.tool, await runVersion(file));
    if (version == null) return `${file} does not answer -version like ${spec.tool}`;
    return { path: file, source, version };
  } catch (err) {
    return `${file} could not be run (${(err as Error).message.split('\n')[0]})`;
  }
}

/** Resolves one tool without caching. */
export async function locateTool(tool: ToolName, renv: ResolveEnvironment = defaultEnvironment()): Promise<ToolInfo> {
  const spec = SPECS[tool];
  const tried: string[] = [];

  const fromEnv = renv.env[spec.envVar];
  if (fromEnv != null && fromEnv.trim() !== '') {
    const file = fromEnv.trim();
    if (!(await isExecutableFile(file, renv.platform))) {
      throw new ToolNotFoundError(tool, [file], `${spec.envVar} is set to ${file}, which is not an executable file.`);
    }
    const info = await confirm(spec, file, spec.envVar);
    if (typeof info === 'string') throw new ToolNotFoundError(tool, [file], `${spec.envVar} is set, but ${info}.`);
    return info;
  }

  let mod: unknown = null;
  try {
    mod = await renv.importOptional(spec.pkg);
  } catch {
    tried.push(`${spec.pkg} (not installed)`);
  }
  if (mod != null) {
    const exported = spec.pkgPath(mod);
    if (typeof exported === 'string' && exported !== '') {
      const file = unpackedAsarPath(exported);
      tried.push(file);
      if (await isExecutableFile(file, renv.platform)) {
        const info = await confirm(spec, file, spec.pkgSource);
        if (typeof info !== 'string') return info;
      }
    } else {
      tried.push(`${spec.pkg} (no binary for this platform)`);
    }
  }

  let onPath = false;
  for (const file of pathCandidates(tool, renv.env, renv.platform)) {
    if (!(await isExecutableFile(file, renv.platform))) continue;
    onPath = true;
    const info = await confirm(spec, file, 'PATH');
    if (typeof info !== 'string') return info;
    tried.push(info);
  }
  if (!onPath) tried.push(`PATH (no ${tool} in ${renv.env.PATH ?? renv.env.Path ?? 'an empty PATH'})`);
  throw new ToolNotFoundError(tool, tried);
}

const cache = new Map<ToolName, Promise<ToolInfo>>();

function cached(tool: ToolName): Promise<ToolInfo> {
  let p = cache.get(tool);
  if (p == null) {
    p = locateTool(tool);
    // A failure is not cached: the user may install ffmpeg and retry without restarting.
    p.catch(() => cache.delete(tool));
    cache.set(tool, p);
  }
  return p;
}

export function resolveFfmpeg(): Promise<ToolInfo> {
  return cached('ffmpeg');
}

export function resolveFfprobe(): Promise<ToolInfo> {
  return cached('ffprobe');
}

/** Forgets resolved tools (after the user changes the ffmpeg setting, and in tests). */
export function clearToolCache(): void {
  cache.clear();
}
