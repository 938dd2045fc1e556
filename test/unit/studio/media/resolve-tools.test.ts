import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolveEnvironment } from '../../../../electron/studio/media/resolve-tools.ts';
import {
  locateTool,
  parseVersionOutput,
  pathCandidates,
  ToolNotFoundError,
  unpackedAsarPath,
} from '../../../../electron/studio/media/resolve-tools.ts';
import { parseListing } from '../../../../electron/studio/media/capabilities.ts';

let dir: string;
const notInstalled = (): Promise<unknown> => Promise.reject(new Error('Cannot find package'));

async function fakeTool(name: string, versionLine: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\necho '${versionLine}'\necho 'built with gcc 12'\n`);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'resolve-tools-'));
  await fakeTool('ffmpeg', 'ffmpeg version 7.1-test Copyright (c) 2000-2024 the FFmpeg developers');
  await fakeTool('custom-ffmpeg', 'ffmpeg version 6.1.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2023');
  await fakeTool('static-ffmpeg', 'ffmpeg version 6.1.1 Copyright (c) 2000-2023');
  await fakeTool('not-ffmpeg', 'hello');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const env = (e: Record<string, string>, importOptional = notInstalled): ResolveEnvironment => ({ env: e, platform: 'linux', importOptional });

describe('locateTool', () => {
  it('uses FFMPEG_PATH first and parses the version of the script there', async () => {
    const info = await locateTool('ffmpeg', env({ FFMPEG_PATH: path.join(dir, 'custom-ffmpeg'), PATH: dir }, () => Promise.resolve({ default: path.join(dir, 'static-ffmpeg') })));
    expect(info).toEqual({ path: path.join(dir, 'custom-ffmpeg'), source: 'FFMPEG_PATH', version: '6.1.1-static' });
  });

  it('does not fall back when FFMPEG_PATH is broken: the user chose it', async () => {
    const err = await locateTool('ffmpeg', env({ FFMPEG_PATH: path.join(dir, 'missing'), PATH: dir })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolNotFoundError);
    expect((err as Error).message).toMatch(/FFMPEG_PATH is set to .*missing, which is not an executable file/);
    const wrong = await locateTool('ffmpeg', env({ FFMPEG_PATH: path.join(dir, 'not-ffmpeg') })).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/does not answer -version like ffmpeg/);
  });

  it('uses the ffmpeg-static binary when the package is installed and the binary exists', async () => {
    const info = await locateTool('ffmpeg', env({ PATH: dir }, () => Promise.resolve({ default: path.join(dir, 'static-ffmpeg') })));
    expect(info).toMatchObject({ source: 'ffmpeg-static', version: '6.1.1' });
  });

  it('skips an ffmpeg-static whose binary was never downloaded, and falls back to PATH', async () => {
    const info = await locateTool('ffmpeg', env({ PATH: `/nonexistent:${dir}` }, () => Promise.resolve({ default: path.join(dir, 'never-downloaded') })));
    expect(info).toEqual({ path: path.join(dir, 'ffmpeg'), source: 'PATH', version: '7.1-test' });
  });

  it('falls back to PATH when ffmpeg-static is not installed', async () => {
    const info = await locateTool('ffmpeg', env({ PATH: dir }));
    expect(info.source).toBe('PATH');
  });

  it('finds the real ffprobe on this machine', async () => {
    const info = await locateTool('ffprobe', { env: { PATH: process.env.PATH ?? '' }, platform: process.platform, importOptional: notInstalled });
    expect(info.source).toBe('PATH');
    expect(info.version).toMatch(/^\d/);
  });

  it('tells the user how to install ffmpeg when nothing is found', async () => {
    const err = await locateTool('ffprobe', env({ PATH: '/nonexistent' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolNotFoundError);
    expect((err as Error).message).toMatch(/ffprobe was not found\. Install ffmpeg .*apt install ffmpeg.*FFPROBE_PATH/);
  });
});

describe('helpers', () => {
  it('rewrites app.asar to app.asar.unpacked only once', () => {
    expect(unpackedAsarPath('/Applications/O.app/Contents/Resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/Applications/O.app/Contents/Resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\O\\resources\\app.asar.unpacked\\ffmpeg.exe')).toBe('C:\\O\\resources\\app.asar.unpacked\\ffmpeg.exe');
    expect(unpackedAsarPath('C:\\O\\resources\\app.asar\\ffmpeg.exe')).toBe('C:\\O\\resources\\app.asar.unpacked\\ffmpeg.exe');
  });

  it('lists PATH candidates with PATHEXT on Windows', () => {
    expect(pathCandidates('ffmpeg', { PATH: 'C:\\bin;"C:\\Program Files\\ff"', PATHEXT: '.EXE;.CMD' }, 'win32')).toEqual([
      'C:\\bin\\ffmpeg.exe',
      'C:\\bin\\ffmpeg.cmd',
      'C:\\Program Files\\ff\\ffmpeg.exe',
      'C:\\Program Files\\ff\\ffmpeg.cmd',
    ]);
    expect(pathCandidates('ffmpeg', { PATH: '/usr/bin::/opt/bin' }, 'linux')).toEqual(['/usr/bin/ffmpeg', '/opt/bin/ffmpeg']);
  });

  it('parses version lines', () => {
    expect(parseVersionOutput('ffmpeg', 'ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2025')).toBe('5.1.9-0+deb12u1');
    expect(parseVersionOutput('ffprobe', 'ffmpeg version 5.1')).toBeNull();
  });

  it('parses -encoders listings below the legend', () => {
    const listing = ' V..... = Video\n ------\n V....D libx264              libx264 H.264\n V....D h264_nvenc           NVIDIA NVENC\n A....D aac                  AAC\n';
    expect(parseListing(listing)).toEqual(['libx264', 'h264_nvenc', 'aac']);
    expect(parseListing('Filters:\n  T.. = Timeline\n ... libvmaf           VV->V      VMAF\n .SC zscale            V->V       zimg\n')).toEqual(['libvmaf', 'zscale']);
  });
});
