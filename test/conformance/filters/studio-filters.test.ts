/**
 * Filters through the studio API over a real temp library: save/list/get/preview/delete, the asset
 * filter winning over the account filter of its name, and a locator created with a filter serving
 * only what the filter keeps from the streaming endpoint (the studio's origin).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { insertFixtureAsset, openTestStudio, studioCalls } from '../../helpers/test-studio.ts';

const S = 10_000_000;
let fx: AbrFixture;
let dir = '';
let studio: Studio;
let assetId = '';

const { call, failure } = studioCalls(() => studio);

const videoOnlyUpTo = (bitrate: number) => ({
  tracks: [
    { trackSelections: [{ property: 'Type' as const, operation: 'Equal' as const, value: 'video' }, { property: 'Bitrate' as const, operation: 'Equal' as const, value: `0-${bitrate}` }] },
    { trackSelections: [{ property: 'Type' as const, operation: 'Equal' as const, value: 'audio' }] },
  ],
});

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'studio-filters-'));
  studio = await openTestStudio(dir);
  assetId = (await insertFixtureAsset(studio.catalog, fx)).id;
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('filters API', () => {
  it('saves account and asset filters; the asset filter wins for its asset', async () => {
    const account = await call('filters.save', { name: 'low', definition: videoOnlyUpTo(600000) });
    expect(account).toMatchObject({ name: 'low', assetId: null, definition: videoOnlyUpTo(600000) });
    const own = await call('filters.save', { name: 'low', assetId, definition: videoOnlyUpTo(300000) });
    expect(own.assetId).toBe(assetId);
    await call('filters.save', { name: 'mid', definition: { presentationTimeRange: { startTimestamp: 4000, endTimestamp: 8000, timescale: 1000 } } });
    expect((await call('filters.list', {})).map((f) => `${f.name}@${f.assetId ?? 'account'}`)).toEqual(['low@account', 'mid@account', `low@${assetId}`]);
    expect((await call('filters.list', { assetId: 'other' })).map((f) => f.name)).toEqual(['low', 'mid']);
    expect((await call('filters.get', { name: 'low' })).definition).toEqual(videoOnlyUpTo(600000));
    expect((await call('filters.get', { name: 'low', assetId, resolve: true })).definition).toEqual(videoOnlyUpTo(300000));
    expect((await call('filters.get', { name: 'mid', assetId, resolve: true })).assetId).toBeNull();
    // Replacing keeps one row and moves updatedAt.
    const again = await call('filters.save', { name: 'low', definition: videoOnlyUpTo(600000) });
    expect(again.createdAt).toBe(account.createdAt);
    expect((await call('filters.list', {})).filter((f) => f.name === 'low')).toHaveLength(2);
  });

  it('refuses bad names and definitions with the field at fault', async () => {
    const name = await failure('filters.save', { name: 'a;b', definition: {} });
    expect(name.code).toBe('invalid-argument');
    expect(name.message).toMatch(/filter name "a;b"/);
    const range = await failure('filters.save', { name: 'x', definition: { presentationTimeRange: { startTimestamp: 9, endTimestamp: 3 } } });
    expect(range.code).toBe('invalid-argument');
    expect(range.message).toMatch(/endTimestamp \(3\) must be after startTimestamp \(9\)/);
    const bitrate = await failure('filters.save', {
      name: 'x',
      definition: { tracks: [{ trackSelections: [{ property: 'Bitrate', operation: 'Equal', value: 'fast' }] }] },
    });
    expect(bitrate.message).toMatch(/tracks\[0\]\.trackSelections\[0\]\.value "fast" is not a bitrate/);
    expect((await failure('filters.save', { name: 'x', assetId: 'nope', definition: {} })).code).toBe('not-found');
    expect((await failure('filters.get', { name: 'x' })).code).toBe('not-found');
  });

  it('previews the ladder, tracks and time range that saved and edited filters leave', async () => {
    const all = await call('filters.preview', { assetId, filters: [] });
    expect(all.video.map((t) => t.bitrate)).toEqual([900000, 500000, 250000]);
    expect(all).toMatchObject({ startSec: 0, refusal: null, removed: [] });
    const low = await call('filters.preview', { assetId, filters: ['low', 'mid'] });
    // The asset's own "low" (≤ 300 kb/s) applies, not the account one.
    expect(low.video.map((t) => `${t.width}x${t.height}@${t.bitrate}`)).toEqual(['320x180@250000']);
    expect(low.audio.map((t) => t.language)).toEqual(['eng', 'fra']);
    expect(low.removed.map((t) => t.bitrate)).toEqual([900000, 500000]);
    expect(low).toMatchObject({ startSec: 4, fragments: 2, refusal: null });
    expect(low.endSec).toBeGreaterThanOrEqual(8);
    const editing = await call('filters.preview', {
      assetId,
      filters: [{ name: 'draft', definition: { firstQuality: { bitrate: 500000 }, presentationTimeRange: { startTimestamp: 5 * S } } }],
    });
    expect(editing.video.map((t) => t.bitrate)).toEqual([500000, 900000, 250000]);
    expect(editing.startSec).toBe(4);
    const none = await call('filters.preview', {
      assetId,
      filters: [{ name: 'draft', definition: { tracks: [{ trackSelections: [{ property: 'Type', operation: 'Equal', value: 'audio' }] }] } }],
    });
    expect(none.refusal).toMatch(/Filter "draft" removes every video track/);
    expect(none.video).toEqual([]);
    expect((await failure('filters.preview', { assetId, filters: ['nope'] })).code).toBe('not-found');
  });

  it('a locator created with filters serves only what they keep, and keeps them from deletion', async () => {
    expect((await failure('locators.create', { assetId, policyName: 'Predefined_ClearStreamingOnly', filters: ['nope'] })).message).toMatch(
      /No asset or account filter named "nope"/,
    );
    const locator = await call('locators.create', { assetId, policyName: 'Predefined_ClearStreamingOnly', filters: ['low'] });
    expect(locator.filters).toEqual(['low']);
    expect((await call('locators.list', { assetId }))[0]?.filters).toEqual(['low']);
    await call('endpoint.start', {});
    const urls = (await call('locators.paths', { id: locator.id })).urls;
    const mpd = await (await fetch(urls['dash-csf'] ?? '')).text();
    expect([...mpd.matchAll(/<Representation [^>]*bandwidth="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([250000, 128000, 128000]);
    // The URL's own filter composes with the locator's.
    const trimmed = await (await fetch((urls['hls-cmaf'] ?? '').replace('format=m3u8-cmaf', 'format=m3u8-cmaf,filter=mid'))).text();
    const playlist = /^(QualityLevels\(250000\)\/Manifest\([^)]*\))$/m.exec(trimmed)?.[1] ?? '';
    expect(playlist).toContain('filter=mid');
    const base = (urls['hls-cmaf'] ?? '').replace(/manifest\(.*$/, '');
    const media = await (await fetch(base + playlist)).text();
    expect(media.match(/Fragments\(video=\d+/g)).toEqual(['Fragments(video=40000000', 'Fragments(video=60000000']);

    // Editing the filter applies on the next request.
    await call('filters.save', { name: 'low', assetId, definition: videoOnlyUpTo(600000) });
    const edited = await (await fetch(urls['dash-csf'] ?? '')).text();
    expect([...edited.matchAll(/<Representation [^>]*bandwidth="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([500000, 250000, 128000, 128000]);

    // The asset's "low" can go (the account "low" takes over); the account one then cannot.
    expect(await call('filters.delete', { name: 'low', assetId })).toEqual({ deleted: true });
    const blocked = await failure('filters.delete', { name: 'low' });
    expect(blocked.code).toBe('conflict');
    expect(blocked.message).toMatch(/applied by streaming locator/);
    expect((await fetch(urls['dash-csf'] ?? '')).status).toBe(200);
    await call('locators.delete', { id: locator.id });
    expect(await call('filters.delete', { name: 'low' })).toEqual({ deleted: true });
    expect(await call('filters.delete', { name: 'low' })).toEqual({ deleted: false });
  });
});
