/**
 * Issue 12, item 7: a tool path set through the API is checked before the studio runs it even once:
 * absolute, an existing file named ffmpeg/ffmpeg.exe (ffprobe/ffprobe.exe), answering -version as that
 * tool. Anything else is refused and the setting is unchanged.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredToolPath, setToolPath } from '../../../../electron/studio/app/tool-settings.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();
let dir = '';
const saved = process.env.FFMPEG_PATH;

async function script(rel: string, body: string): Promise<string> {
  const file = path.join(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tool-path-'));
});
afterAll(async () => {
  if (saved === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = saved;
  await rm(dir, { recursive: true, force: true });
});

describe('ffmpegPath from the API', () => {
  it.each([
    ['a program with another name (never run)', async () => script('calc', 'touch "$0.ran"; echo "ffmpeg version 9"'), /is not named ffmpeg/],
    ['a relative path', async () => 'bin/ffmpeg', /must be absolute/],
    ['a missing file', async () => path.join(dir, 'nowhere', 'ffmpeg'), /does not exist/],
    ['a folder named ffmpeg', async () => (await mkdir(path.join(dir, 'dir', 'ffmpeg'), { recursive: true }), path.join(dir, 'dir', 'ffmpeg')), /not a file/],
    ['a file named ffmpeg that is not ffmpeg', async () => script('fake/ffmpeg', 'echo "hello"'), /does not answer -version like ffmpeg/],
  ])('refuses %s', async (_name, make, message) => {
    const c = libs.open();
    const file = await make();
    await expect(setToolPath(c, 'ffmpeg', file, undefined)).rejects.toThrow(message);
    expect(configuredToolPath(c, 'ffmpeg')).toBeNull();
  });

  it('never runs a wrongly named program to ask its version', async () => {
    const c = libs.open();
    const file = await script('other/sh-like', 'touch "$0.ran"; echo "ffmpeg version 9"');
    await expect(setToolPath(c, 'ffmpeg', file, undefined)).rejects.toThrow(/not named ffmpeg/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${file}.ran`)).toBe(false);
  });

  it('accepts a file named ffmpeg that answers -version as ffmpeg', async () => {
    const c = libs.open();
    const file = await script('good/ffmpeg', 'echo "ffmpeg version 6.1-test Copyright (c) 2000-2024"');
    await setToolPath(c, 'ffmpeg', file, undefined);
    expect(configuredToolPath(c, 'ffmpeg')).toBe(file);
    await setToolPath(c, 'ffmpeg', null, saved);
  });
});
