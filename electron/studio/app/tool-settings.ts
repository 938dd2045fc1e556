import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolStatus } from '../api/contract.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { deleteSetting, getSetting, setSetting } from '../catalog/settings-repo.ts';
import { clearToolCache, locateTool, resolveFfmpeg, resolveFfprobe, type ToolName } from '../media/resolve-tools.ts';
import { StudioApiError } from './api-error.ts';

const SETTING: Record<ToolName, string> = { ffmpeg: 'tools.ffmpegPath', ffprobe: 'tools.ffprobePath' };
const ENV: Record<ToolName, 'FFMPEG_PATH' | 'FFPROBE_PATH'> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };

export function configuredToolPath(catalog: Catalog, tool: ToolName): string | null {
  return getSetting<string | null>(catalog, SETTING[tool], null);
}

/**
 * The media tools read FFMPEG_PATH/FFPROBE_PATH (an explicit choice, never second-guessed), so a
 * path chosen in settings is applied there for this process. An environment set by the user before
 * starting wins over an automatic setting only while no path is saved.
 */
export function applyToolSettings(catalog: Catalog): void {
  for (const tool of ['ffmpeg', 'ffprobe'] as const) {
    const configured = configuredToolPath(catalog, tool);
    if (configured !== null) process.env[ENV[tool]] = configured;
  }
  clearToolCache();
}

/**
 * What a chosen tool path must be before the studio runs it even once (to ask `-version`): an absolute
 * path to an existing regular file named like the tool. A renderer (or a web page with the token) may
 * not make the studio execute an arbitrary program.
 */
async function checkToolFile(tool: ToolName, file: string): Promise<void> {
  const hint = `Choose the ${tool} executable itself.`;
  if (!path.isAbsolute(file)) throw new StudioApiError('tool-not-found', `The ${tool} path must be absolute; got "${file}".`, hint);
  const name = path.basename(file).toLowerCase();
  if (name !== tool && name !== `${tool}.exe`) {
    throw new StudioApiError('tool-not-found', `${file} is not named ${tool} (or ${tool}.exe); only the ${tool} program itself can be chosen.`, hint);
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new StudioApiError('tool-not-found', `${file} does not exist or is not a file.`, hint);
}

/** Saves a tool path after checking it is that tool and runs as it; null returns to automatic discovery. */
export async function setToolPath(catalog: Catalog, tool: ToolName, file: string | null, initialEnv: string | undefined): Promise<void> {
  if (file !== null) {
    await checkToolFile(tool, file);
    try {
      await locateTool(tool, { env: { ...process.env, [ENV[tool]]: file }, platform: process.platform, importOptional: (n) => import(n) });
    } catch (err) {
      throw new StudioApiError('tool-not-found', (err as Error).message, `Choose the ${tool} executable itself.`, { cause: err });
    }
    setSetting(catalog, SETTING[tool], file);
    process.env[ENV[tool]] = file;
  } else {
    deleteSetting(catalog, SETTING[tool]);
    if (initialEnv === undefined) delete process.env[ENV[tool]];
    else process.env[ENV[tool]] = initialEnv;
  }
  clearToolCache();
}

export async function toolStatus(catalog: Catalog, tool: ToolName): Promise<ToolStatus> {
  const configuredPath = configuredToolPath(catalog, tool);
  try {
    const info = await (tool === 'ffmpeg' ? resolveFfmpeg() : resolveFfprobe());
    return { path: info.path, version: info.version, source: info.source, configuredPath };
  } catch (err) {
    return { path: null, version: null, source: null, configuredPath, error: (err as Error).message };
  }
}
