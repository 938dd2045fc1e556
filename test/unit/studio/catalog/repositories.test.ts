import { describe, expect, it } from 'vitest';
import {
  deleteAssetRow,
  getAsset,
  insertAsset,
  listAssets,
  updateAsset,
} from '../../../../electron/studio/catalog/assets-repo.ts';
import { getEndpointSettings, updateEndpointSettings } from '../../../../electron/studio/catalog/endpoint-repo.ts';
import { deleteJob, getJob, insertJob, listJobs, transitionJob } from '../../../../electron/studio/catalog/jobs-repo.ts';
import { getPolicy, listPolicies } from '../../../../electron/studio/catalog/policies-repo.ts';
import { getSetting, setSetting } from '../../../../electron/studio/catalog/settings-repo.ts';
import {
  deleteTransform,
  getTransform,
  listTransforms,
  upsertTransform,
} from '../../../../electron/studio/catalog/transforms-repo.ts';
import type { MediaInfo } from '../../../../electron/studio/media/media-info.ts';
import { useTempLibraries } from './temp-library.ts';

const libs = useTempLibraries();

const media: MediaInfo = {
  file: '/in/movie.mov',
  sizeBytes: 1234,
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 13,
  bitrate: 5_000_000,
  video: null,
  otherVideo: [],
  audio: [{ index: 1, codec: 'aac', sampleRate: 48000, channels: 2, language: 'eng', bitrate: 128000, durationSec: 13 }],
  warnings: ['note'],
};

describe('catalog repositories', () => {
  it('round-trips assets, with media info JSON and a library-relative folder', () => {
    const c = libs.open();
    const a = insertAsset(c, { name: 'Movie', sourceFile: '/in/movie.mov', mediaInfo: media });
    expect(a).toMatchObject({ name: 'Movie', folder: `assets/${a.id}`, state: 'Pending', ismName: null, mediaInfo: media });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    const b = updateAsset(c, a.id, { state: 'Finished', ismName: 'movie.ism' });
    expect(b).toMatchObject({ state: 'Finished', ismName: 'movie.ism', mediaInfo: media, createdAt: a.createdAt });
    expect(getAsset(c, a.id)).toEqual(b);
    expect(listAssets(c).map((x) => x.id)).toEqual([a.id]);
    expect(deleteAssetRow(c, a.id)).toBe(true);
    expect(getAsset(c, a.id)).toBeNull();
    expect(() => updateAsset(c, a.id, { name: 'x' })).toThrow(/No asset with id/);
  });

  it('rejects an unknown asset state through the table constraint', () => {
    const c = libs.open();
    const a = insertAsset(c, { name: 'x' });
    expect(() => c.db.prepare(`UPDATE assets SET state = 'Bogus' WHERE id = ?`).run(a.id)).toThrow(/CHECK constraint/);
  });

  it('round-trips transforms with an opaque definition; built-ins are protected', () => {
    const c = libs.open();
    const def = { preset: 'AdaptiveStreaming', rungs: [{ h: 720, kbps: 3000 }] };
    upsertTransform(c, { name: 'Builtin', definition: def, builtin: true });
    const t = upsertTransform(c, { name: 'Mine', description: 'custom', definition: { a: 1 } });
    expect(t).toMatchObject({ name: 'Mine', description: 'custom', definition: { a: 1 }, builtin: false });
    expect(getTransform(c, 'Builtin')?.definition).toEqual(def);
    expect(upsertTransform(c, { name: 'Mine', definition: { a: 2 } }).definition).toEqual({ a: 2 });
    expect(() => upsertTransform(c, { name: 'Builtin', definition: {} })).toThrow(/built-in transform/);
    expect(() => deleteTransform(c, 'Builtin')).toThrow(/cannot be deleted/);
    expect(listTransforms(c).map((x) => x.name)).toEqual(['Builtin', 'Mine']);
    insertJob(c, { transformName: 'Mine', inputFile: '/in/a.mov' });
    expect(() => deleteTransform(c, 'Mine')).toThrow(/used by 1 job/);
  });

  it('round-trips jobs and guards state transitions', () => {
    const c = libs.open();
    upsertTransform(c, { name: 'T', definition: {} });
    const out = insertAsset(c, { name: 'out' });
    const j = insertJob(c, { transformName: 'T', inputFile: '/in/a.mov', outputAssetId: out.id });
    expect(j).toMatchObject({ state: 'Queued', progress: null, error: null, logTail: '', startedAt: null, endedAt: null });
    expect(transitionJob(c, j.id, ['Queued'], 'Processing', { progress: { percent: 0 } })).toBe(true);
    expect(transitionJob(c, j.id, ['Queued'], 'Processing')).toBe(false);
    const err = { kind: 'MediaError', message: 'bad', retryable: true };
    expect(transitionJob(c, j.id, ['Processing'], 'Error', { error: err, logTail: 'l1\nl2' })).toBe(true);
    const done = getJob(c, j.id);
    expect(done).toMatchObject({ state: 'Error', error: err, logTail: 'l1\nl2', progress: { percent: 0 } });
    expect(done?.startedAt).not.toBeNull();
    expect(done?.endedAt).not.toBeNull();
    expect(listJobs(c, { state: 'Error' }).map((x) => x.id)).toEqual([j.id]);
    expect(() => insertJob(c, { transformName: 'Nope', inputFile: 'x' })).toThrow(/FOREIGN KEY/);
    expect(() => insertJob(c, { transformName: 'T' })).toThrow(/CHECK constraint/);
    expect(deleteJob(c, j.id)).toBe(true);
  });

  it('seeds the predefined policies and the endpoint defaults; settings round-trip', () => {
    const c = libs.open();
    expect(listPolicies(c).map((p) => [p.name, p.protocols, p.builtin])).toEqual([
      ['Predefined_ClearKey', ['hls'], true],
      ['Predefined_ClearStreamingOnly', ['hls', 'dash', 'smooth'], true],
      ['Predefined_DownloadAndClearStreaming', ['hls', 'dash', 'smooth', 'download'], true],
      ['Predefined_DownloadOnly', ['download'], true],
      ['Predefined_MultiDrmCencStreaming', ['dash', 'smooth'], true],
      ['Predefined_MultiDrmStreaming', ['hls', 'dash', 'smooth'], true],
    ]);
    expect(getPolicy(c, 'Predefined_DownloadOnly')?.encryptionScheme).toBe('NoEncryption');
    expect(getEndpointSettings(c)).toEqual({
      host: '127.0.0.1',
      port: 8787,
      corsOrigins: ['*'],
      maxAgeSec: null,
      ipAllow: [],
      hostName: null,
    });
    const e = updateEndpointSettings(c, { port: 9000, ipAllow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }], maxAgeSec: 60 });
    expect(e).toMatchObject({ port: 9000, maxAgeSec: 60, ipAllow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }] });
    expect(() => updateEndpointSettings(c, { port: 70000 })).toThrow(/Port 70000 is not valid/);
    expect(getSetting(c, 'x', 5)).toBe(5);
    setSetting(c, 'x', { a: [1, 2] });
    expect(getSetting(c, 'x', null)).toEqual({ a: [1, 2] });
  });

  it('transaction() commits all or nothing', () => {
    const c = libs.open();
    expect(() =>
      c.transaction(() => {
        insertAsset(c, { name: 'a' });
        setSetting(c, 'k', 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(listAssets(c)).toEqual([]);
    expect(getSetting(c, 'k', null)).toBeNull();
    c.transaction(() => {
      insertAsset(c, { name: 'a' });
      c.transaction(() => setSetting(c, 'k', 1));
    });
    expect(listAssets(c)).toHaveLength(1);
    expect(getSetting(c, 'k', null)).toBe(1);
    expect(c.db.isTransaction).toBe(false);
  });

  it('a database that cannot grow (SQLITE_FULL) gives a disk-full error and rolls back', () => {
    const c = libs.open();
    const pages = Number(c.db.prepare('PRAGMA page_count').get()?.page_count);
    c.db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    let caught: unknown;
    try {
      c.transaction(() => {
        setSetting(c, 'small', 1);
        insertAsset(c, { name: 'big', sourceFile: 'x'.repeat(1 << 20) });
      });
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).toBe('disk-full');
    expect((caught as Error).message).toMatch(/catalog\.sqlite: the disk is full.*nothing was changed/);
    expect(getSetting(c, 'small', null)).toBeNull();
    expect(listAssets(c)).toEqual([]);
  });
});
