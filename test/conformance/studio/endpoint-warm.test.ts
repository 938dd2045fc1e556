/**
 * The endpoint opens published assets ahead of their first viewer: after a start, every asset with an
 * active locator is parsed and cached; an asset whose locators have all expired is not.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assetFolderPath, insertAsset } from '../../../electron/studio/catalog/assets-repo.ts';
import { createLocator } from '../../../electron/studio/publishing/locators.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { abrFixture } from '../../helpers/fixtures.ts';

let dir = '';
let studio: Studio | undefined;
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('streaming endpoint start', () => {
  it('opens the presentations of published assets in the background', async () => {
    const fx = await abrFixture();
    dir = await mkdtemp(path.join(tmpdir(), 'warm-'));
    studio = await openStudio({ libraryDir: path.join(dir, 'library'), runJobs: false });
    const add = async (name: string) => {
      const asset = insertAsset(studio!.catalog, { name, ismName: fx.ismName, state: 'Finished' });
      await cp(fx.folder, assetFolderPath(studio!.catalog, asset), { recursive: true });
      return asset;
    };
    const live = await add('live');
    const old = await add('old');
    createLocator(studio.catalog, { assetId: live.id, policyName: 'Predefined_ClearStreamingOnly' });
    const past = new Date(Date.now() - 3 * 86_400_000);
    createLocator(
      studio.catalog,
      { assetId: old.id, policyName: 'Predefined_ClearStreamingOnly', start: past.toISOString(), end: new Date(past.getTime() + 86_400_000).toISOString() },
      past,
    );
    await studio.endpoint.start({ port: 0 });
    await studio.endpoint.warmed();
    expect(studio.endpoint.openPresentations).toBe(1);
  });
});
