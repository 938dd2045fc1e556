import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteAssetRow, insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import type { Catalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { createLocatorResolver } from '../../../../electron/studio/publishing/locator-resolver.ts';
import {
  createLocator,
  deleteLocator,
  getLocator,
  listLocators,
  locatorStatus,
} from '../../../../electron/studio/publishing/locators.ts';
import { createStreamingPolicy, deleteStreamingPolicy } from '../../../../electron/studio/publishing/streaming-policies.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();

function finishedAsset(c: Catalog, name = 'Movie') {
  return insertAsset(c, { name, state: 'Finished', ismName: 'movie.ism' });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('streaming locators', () => {
  it('generates a GUID id and uses it as the default name', () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const l = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly' });
    expect(l.id).toMatch(GUID);
    expect(l.name).toBe(l.id);
    expect(l).toMatchObject({ assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', start: null, end: null });
    expect(listLocators(c)).toEqual([l]);
    expect(listLocators(c, { assetId: 'other' })).toEqual([]);
  });

  it('keeps a given GUID (lower-cased) and name; rejects a malformed GUID and duplicates', () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const id = '8F3A1C2E-5B6D-4E7F-9A0B-1C2D3E4F5A6B';
    const l = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', id, name: 'launch' });
    expect(l.id).toBe(id.toLowerCase());
    expect(getLocator(c, 'launch')).toEqual(l);
    expect(getLocator(c, id)).toEqual(l);
    expect(() => createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', id: 'not-a-guid' })).toThrow(
      /"not-a-guid" is not a GUID/,
    );
    expect(() => createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', id: `{${id}}` })).toThrow(/not a GUID/);
    expect(() => createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', id })).toThrow(/already exists/);
    expect(() => createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', name: 'launch' })).toThrow(
      /named "launch" already exists/,
    );
  });

  it('enforces end after start, a valid date, a known policy and a Finished asset', () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const base = { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly' };
    expect(() => createLocator(c, { ...base, start: '2030-01-02T00:00:00Z', end: '2030-01-01T00:00:00Z' })).toThrow(
      /end time .* must be after the start time/,
    );
    expect(() => createLocator(c, { ...base, start: '2030-01-01T00:00:00Z', end: '2030-01-01T00:00:00Z' })).toThrow(/must be after/);
    expect(() => createLocator(c, { ...base, end: '2001-01-01T00:00:00Z' })).toThrow(/already past/);
    expect(() => createLocator(c, { ...base, start: 'tomorrow' })).toThrow(/not a valid date/);
    expect(() => createLocator(c, { ...base, policyName: 'Nope' })).toThrow(/No streaming policy named "Nope"/);
    const pending = insertAsset(c, { name: 'Encoding' });
    expect(() => createLocator(c, { ...base, assetId: pending.id })).toThrow(/"Encoding" is Pending, not Finished/);
    expect(() => createLocator(c, { ...base, assetId: 'missing' })).toThrow(/No asset with id missing/);
    expect(listLocators(c)).toEqual([]);
  });

  it('computes status from the validity window', () => {
    const l = { start: '2030-01-01T00:00:00.000Z', end: '2030-01-02T00:00:00.000Z' };
    expect(locatorStatus(l, new Date('2029-12-31T23:59:59Z'))).toBe('not-yet-valid');
    expect(locatorStatus(l, new Date('2030-01-01T00:00:00Z'))).toBe('active');
    expect(locatorStatus(l, new Date('2030-01-02T00:00:00Z'))).toBe('expired');
    expect(locatorStatus({ start: null, end: null })).toBe('active');
  });
});

describe('createLocatorResolver', () => {
  it('resolves the asset folder and the policy protocols, any GUID case', async () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const resolve = createLocatorResolver(c);
    const clear = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly' });
    const both = createLocator(c, { assetId: a.id, policyName: 'Predefined_DownloadAndClearStreaming' });
    const dl = createLocator(c, { assetId: a.id, policyName: 'Predefined_DownloadOnly' });
    createStreamingPolicy(c, { name: 'HlsAndDownload', protocols: ['download', 'hls'] });
    const custom = createLocator(c, { assetId: a.id, policyName: 'HlsAndDownload' });
    const r = await resolve(clear.id.toUpperCase());
    expect(r?.folder).toBe(path.join(c.layout.root, 'assets', a.id));
    expect([...(r?.protocols ?? [])]).toEqual(['hls', 'dash', 'smooth']);
    expect(r?.start).toBeUndefined();
    expect([...((await resolve(both.id))?.protocols ?? [])]).toEqual(['hls', 'dash', 'smooth', 'download']);
    expect([...((await resolve(dl.id))?.protocols ?? [])]).toEqual(['download']);
    expect([...((await resolve(custom.id))?.protocols ?? [])]).toEqual(['hls', 'download']);
    expect(await resolve('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('returns null for a not-yet-valid or expired locator, and a Date window otherwise', async () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const created = new Date('2030-01-01T00:00:00Z');
    const l = createLocator(
      c,
      { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', start: '2030-01-01T10:00:00Z', end: '2030-01-01T12:00:00Z' },
      created,
    );
    const at = (iso: string) => createLocatorResolver(c, () => new Date(iso))(l.id);
    expect(await at('2030-01-01T09:59:59Z')).toBeNull();
    const mid = await at('2030-01-01T11:00:00Z');
    expect(mid?.start?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(mid?.end?.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    expect(await at('2030-01-01T12:00:00Z')).toBeNull();
  });

  it('returns null once the locator or its asset is deleted', async () => {
    const c = libs.open();
    const a = finishedAsset(c);
    const resolve = createLocatorResolver(c);
    const l1 = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly' });
    const l2 = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly', name: 'second' });
    expect(await resolve(l1.id)).not.toBeNull();
    expect(deleteLocator(c, l1.id)).toBe(true);
    expect(deleteLocator(c, l1.id)).toBe(false);
    expect(await resolve(l1.id)).toBeNull();
    expect(await resolve(l2.id)).not.toBeNull();
    deleteAssetRow(c, a.id);
    expect(await resolve(l2.id)).toBeNull();
    expect(listLocators(c)).toEqual([]);
  });

  it('sees a locator created and deleted by another connection to the same library (kept rows drop when the catalog changes)', async () => {
    const dir = libs.dir();
    const server = libs.open(dir);
    const studio = libs.open(dir);
    const resolve = createLocatorResolver(server);
    const l = createLocator(studio, { assetId: finishedAsset(studio).id, policyName: 'Predefined_ClearStreamingOnly' });
    expect(await resolve(l.id)).not.toBeNull();
    deleteLocator(studio, l.id);
    expect(await resolve(l.id)).toBeNull();
  });

  it('resolves each of many locators to its own asset folder', async () => {
    // Its speed is measured by npm run bench:hot-paths, not asserted here.
    const c = libs.open();
    const a = finishedAsset(c);
    const b = insertAsset(c, { name: 'Other', state: 'Finished', ismName: 'other.ism' });
    const ids = Array.from({ length: 200 }, (_, i) =>
      createLocator(c, { assetId: (i % 2 ? b : a).id, policyName: 'Predefined_ClearStreamingOnly', name: `l${i}` }).id,
    );
    const resolve = createLocatorResolver(c);
    const folders = await Promise.all(ids.map(async (id) => (await resolve(id))?.folder));
    expect(folders.every((f) => typeof f === 'string')).toBe(true);
    expect(new Set(folders.filter((_, i) => i % 2 === 0)).size).toBe(1);
    expect(new Set(folders.filter((_, i) => i % 2 === 1)).size).toBe(1);
    expect(folders[0]).not.toBe(folders[1]);
    expect(await resolve('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});

describe('custom streaming policies', () => {
  it('creates with a chosen protocol set (canonical order) and validates', () => {
    const c = libs.open();
    expect(createStreamingPolicy(c, { name: 'DashOnly', protocols: ['dash'] })).toMatchObject({
      name: 'DashOnly',
      protocols: ['dash'],
      builtin: false,
      encryptionScheme: 'NoEncryption',
    });
    expect(createStreamingPolicy(c, { name: 'Mix', protocols: ['smooth', 'hls', 'hls'] }).protocols).toEqual(['hls', 'smooth']);
    expect(() => createStreamingPolicy(c, { name: 'Empty', protocols: [] })).toThrow(/at least one protocol/);
    expect(() => createStreamingPolicy(c, { name: 'Bad', protocols: ['rtmp' as never] })).toThrow(/Unknown protocol\(s\) rtmp/);
    expect(() => createStreamingPolicy(c, { name: 'has space', protocols: ['hls'] })).toThrow(/not valid/);
    expect(() => createStreamingPolicy(c, { name: 'Predefined_Mine', protocols: ['hls'] })).toThrow(/reserved/);
    expect(() => createStreamingPolicy(c, { name: 'DashOnly', protocols: ['hls'] })).toThrow(/already exists/);
  });

  it('cannot delete a predefined policy or one in use', () => {
    const c = libs.open();
    createStreamingPolicy(c, { name: 'DashOnly', protocols: ['dash'] });
    const l = createLocator(c, { assetId: finishedAsset(c).id, policyName: 'DashOnly' });
    expect(() => deleteStreamingPolicy(c, 'Predefined_DownloadOnly')).toThrow(/predefined policy/);
    expect(() => deleteStreamingPolicy(c, 'DashOnly')).toThrow(/used by 1 streaming locator/);
    deleteLocator(c, l.id);
    expect(deleteStreamingPolicy(c, 'DashOnly')).toBe(true);
    expect(fs.existsSync(c.layout.catalogFile)).toBe(true);
  });
});
