import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecentlyContained } from '../../../../packaging-core/io/contained-file.ts';

describe('RecentlyContained (realpath check of the manifest, remembered briefly)', () => {
  let dir: string;
  let asset: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'contained-'));
    asset = path.join(dir, 'asset');
    await mkdir(asset);
    await writeFile(path.join(asset, 'a.ism'), 'x');
    await writeFile(path.join(dir, 'outside.ism'), 'x');
    await symlink(path.join(dir, 'outside.ism'), path.join(asset, 'escape.ism'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('resolves a file of the folder and remembers it for the time given', async () => {
    const checks = new RecentlyContained(60_000);
    const real = await checks.resolve(asset, 'a.ism');
    expect(real.endsWith(path.join('asset', 'a.ism'))).toBe(true);
    await rm(path.join(asset, 'a.ism'));
    await expect(checks.resolve(asset, 'a.ism')).resolves.toBe(real); // remembered
    await expect(new RecentlyContained(0).resolve(asset, 'a.ism')).rejects.toMatchObject({ status: 404 });
    await writeFile(path.join(asset, 'a.ism'), 'x');
  });

  it('refuses names and symlinks that leave the folder, every time', async () => {
    const checks = new RecentlyContained(60_000);
    await expect(checks.resolve(asset, '../outside.ism')).rejects.toMatchObject({ status: 400 });
    await expect(checks.resolve(asset, 'escape.ism')).rejects.toMatchObject({ status: 404 });
    await expect(checks.resolve(asset, 'escape.ism')).rejects.toMatchObject({ status: 404 });
  });
});
