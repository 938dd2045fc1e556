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

/** Saves a tool path after checking it runs as that tool; null returns to automatic discovery. */
export async function setToolPath(catalog: Catalog, tool: ToolName, file: string | null, initialEnv: string | undefined): Promise<void> {
  if (file !== null) {
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
