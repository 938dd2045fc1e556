import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSource } from '../../../../packaging-core/presentation/resolve-source.ts';

let root: string;
let asset: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'resolve-'));
  asset = path.join(root, 'asset');
  await mkdir(path.join(asset, 'sub'), { recursive: true });
  await writeFile(path.join(asset, 'a.mp4'), 'x');
  await writeFile(path.join(asset, 'sub', 'b.mp4'), 'x');
  await writeFile(path.join(root, 'secret.mp4'), 'x');
  await symlink(path.join(root, 'secret.mp4'), path.join(asset, 'escape.mp4'));
  await symlink(path.join(asset, 'a.mp4'), path.join(asset, 'inside.mp4'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('resolveSource', () => {
  it('resolves files inside the asset folder, subfolders and inner links included', async () => {
    expect(await resolveSource(asset, 'a.mp4', 'm.ism')).toBe(path.join(asset, 'a.mp4'));
    expect(await resolveSource(asset, 'sub/b.mp4', 'm.ism')).toBe(path.join(asset, 'sub', 'b.mp4'));
    expect(await resolveSource(asset, 'inside.mp4', 'm.ism')).toBe(path.join(asset, 'a.mp4'));
  });

  it('rejects .., absolute paths and links that lead out', async () => {
    await expect(resolveSource(asset, '../secret.mp4', 'm.ism')).rejects.toThrow(/must be relative paths inside the asset folder/);
    await expect(resolveSource(asset, 'sub/../../secret.mp4', 'm.ism')).rejects.toThrow(/inside the asset folder/);
    await expect(resolveSource(asset, path.join(root, 'secret.mp4'), 'm.ism')).rejects.toThrow(/inside the asset folder/);
    await expect(resolveSource(asset, 'C:\\x.mp4', 'm.ism')).rejects.toThrow(/inside the asset folder/);
    await expect(resolveSource(asset, 'escape.mp4', 'm.ism')).rejects.toThrow(/a link that leads outside the asset folder/);
    await expect(resolveSource(asset, '.', 'm.ism')).rejects.toThrow(/not a file inside the asset folder/);
  });

  it('says which source is missing', async () => {
    await expect(resolveSource(asset, 'nope.mp4', 'm.ism')).rejects.toThrow(/m\.ism refers to nope\.mp4, which does not exist/);
  });
});
