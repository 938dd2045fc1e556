import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { createLocator, deleteLocator } from '../../../../electron/studio/publishing/locators.ts';
import { LocalFolderStore } from '../../../../electron/studio/storage/local-folder-store.ts';
import { LocatorDirectory } from '../../../../electron/studio/storage/locator-directory.ts';
import { LOCATOR_CONTAINER, LocatorPublisher, locatorDocumentBlob } from '../../../../electron/studio/storage/locator-documents.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

// The publisher and the directory only need the BlobStore interface: the folder backend stands in
// for the account here (the Azurite path is proven in test/conformance/storage/scale-out.test.ts).
const libraries = useTempLibraries();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function account(): LocalFolderStore {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'os-account-'));
  dirs.push(d);
  return new LocalFolderStore(d);
}

describe('locator documents', () => {
  it('publishes the locators of blob assets only, and removes a deleted one', async () => {
    const catalog = libraries.open();
    const store = account();
    const blob = insertAsset(catalog, { name: 'in blob', storage: 'blob', ismName: 'a.ism', state: 'Finished' });
    const local = insertAsset(catalog, { name: 'in folder', ismName: 'a.ism', state: 'Finished' });
    const served = createLocator(catalog, { assetId: blob.id, policyName: 'Predefined_ClearStreamingOnly', end: '2099-01-01T00:00:00Z' });
    createLocator(catalog, { assetId: local.id, policyName: 'Predefined_ClearStreamingOnly' });
    const publisher = new LocatorPublisher(catalog, async () => store);
    await publisher.syncNow();
    const names = (await store.listBlobs(LOCATOR_CONTAINER)).map((b) => b.name);
    expect(names).toEqual([locatorDocumentBlob(served.id)]);
    const doc = JSON.parse((await store.read(LOCATOR_CONTAINER, names[0]!)).toString()) as Record<string, unknown>;
    expect(doc).toMatchObject({ version: 1, locatorId: served.id, assetContainer: `asset-${blob.id}`, end: '2099-01-01T00:00:00.000Z' });
    expect(doc).not.toHaveProperty('protection');

    deleteLocator(catalog, served.id);
    await publisher.syncNow();
    expect(await store.listBlobs(LOCATOR_CONTAINER)).toEqual([]);
    await publisher.stop();
  });

  it('a protected locator carries its key for the origin; the directory serves it in its validity window only', async () => {
    const catalog = libraries.open();
    const store = account();
    const blob = insertAsset(catalog, { name: 'in blob', storage: 'blob', ismName: 'a.ism', state: 'Finished' });
    const protectedLocator = createLocator(catalog, { assetId: blob.id, policyName: 'Predefined_ClearKey', start: '2030-01-01T00:00:00Z' });
    await new LocatorPublisher(catalog, async () => store).syncNow();
    const errors: string[] = [];
    const directory = new LocatorDirectory(store, '/blob:test', { onError: (e) => errors.push((e as Error).message) });
    await directory.refresh();
    const before = await directory.resolver(() => new Date('2029-12-31T00:00:00Z'))(protectedLocator.id);
    expect(before).toBeNull();
    const during = await directory.resolver(() => new Date('2031-01-01T00:00:00Z'))(protectedLocator.id.toUpperCase());
    expect(during?.folder).toBe(path.join('/blob:test', `asset-${blob.id}`));
    expect(during?.protection?.schemes).toEqual(new Set(['cbc']));
    expect(during?.protection?.contentKey().length).toBe(16);
    expect(await directory.resolver()('00000000-0000-4000-8000-000000000000')).toBeNull();

    // A document this version cannot read is not served, and said.
    await store.write(LOCATOR_CONTAINER, locatorDocumentBlob('11111111-1111-4111-8111-111111111111'), '{"version":2}');
    await directory.refresh();
    expect(await directory.resolver()('11111111-1111-4111-8111-111111111111')).toBeNull();
    expect(errors.join('\n')).toMatch(/locators\/11111111-1111-4111-8111-111111111111\.json is unusable/);
  });
});
