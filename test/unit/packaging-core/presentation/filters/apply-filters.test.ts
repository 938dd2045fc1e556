import { describe, expect, it } from 'vitest';
import { applyFilters } from '../../../../../packaging-core/presentation/filters/apply-filters.ts';
import type { FilterDefinition, NamedFilter, TrackCondition } from '../../../../../packaging-core/types/filter-definition.ts';
import { FilteredPresentations } from '../../../../../packaging-core/presentation/filters/filtered-presentations.ts';
import { requestFilters } from '../../../../../packaging-core/presentation/filters/request-filters.ts';
import { fragmentsInRange } from '../../../../../packaging-core/presentation/filters/time-range.ts';
import { OriginError } from '../../../../../packaging-core/types/errors.ts';
import type { Presentation, PresentationTrack } from '../../../../../packaging-core/types/media.ts';
import { fakePresentation } from '../../manifest/fake-presentation.ts';

const S = 10_000_000;
const source = fakePresentation();

const named = (name: string, definition: FilterDefinition): NamedFilter => ({ name, definition });
const cond = (property: TrackCondition['property'], value: string, operation: TrackCondition['operation'] = 'Equal'): TrackCondition => ({
  property,
  operation,
  value,
});
const select = (...entries: TrackCondition[][]): FilterDefinition => ({ tracks: entries.map((trackSelections) => ({ trackSelections })) });
const keys = (p: Presentation): string[] => [...p.video, ...p.audio].map((t) => `${t.kind}:${t.bitrate}:${t.name}`);
const starts = (t: PresentationTrack): number[] => [...t.fragments.startTicks];

function originError(fn: () => unknown): OriginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OriginError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('track selection', () => {
  it('ANDs conditions within a list and ORs the entries', () => {
    const lowVideoAndFrench = select(
      [cond('Type', 'video'), cond('Bitrate', '0-600000')],
      [cond('Type', 'audio'), cond('Language', 'fr')],
    );
    expect(keys(applyFilters(source, [named('f', lowVideoAndFrench)]))).toEqual([
      'video:500000:video',
      'video:250000:video',
      'audio:128000:aac_fra_2_128000',
    ]);
  });

  it('matches NotEqual, Name, FourCC and single bitrates', () => {
    expect(keys(applyFilters(source, [named('f', select([cond('Language', 'en', 'NotEqual')]))]))).toEqual([
      'video:900000:video',
      'video:500000:video',
      'video:250000:video',
      'audio:128000:aac_fra_2_128000',
    ]);
    expect(keys(applyFilters(source, [named('f', select([cond('Name', 'aac_eng_2_128000')], [cond('Bitrate', '900000')]))]))).toEqual([
      'video:900000:video',
      'audio:128000:aac_eng_2_128000',
    ]);
    expect(keys(applyFilters(source, [named('f', select([cond('FourCC', 'AVC1')]))]))).toHaveLength(3);
    expect(keys(applyFilters(source, [named('f', select([cond('FourCC', 'mp4a', 'NotEqual')]))]))).toHaveLength(3);
  });

  it('keeps the sample tables and fragments of kept tracks as they are', () => {
    const out = applyFilters(source, [named('f', select([cond('Bitrate', '250000-500000')], [cond('Type', 'audio')]))]);
    const low = out.video.find((t) => t.bitrate === 250000)!;
    const original = source.video.find((t) => t.bitrate === 250000)!;
    expect(low.samples).toBe(original.samples);
    expect(starts(low)).toEqual(starts(original));
    expect(out.durationTicks).toBe(source.durationTicks);
    expect(out.version).not.toBe(source.version);
    expect(out.version.startsWith(source.version)).toBe(true);
  });

  it('refuses a filter that removes every video track, naming it and what it removed', () => {
    const err = originError(() => applyFilters(source, [named('audio-only', select([cond('Type', 'audio')]))]));
    expect(err.status).toBe(400);
    expect(err.code).toBe('MPE_FILTER_REMOVED_ALL_STREAMS');
    expect(err.message).toMatch(/Filter "audio-only" removes every video track of fake\.ism \(video 900000, video 500000, video 250000\)/);
  });

  it('names both filters when only their combination removes all video', () => {
    const high = named('high', select([cond('Bitrate', '800000-2000000')], [cond('Type', 'audio')]));
    const low = named('low', select([cond('Bitrate', '0-300000')], [cond('Type', 'audio')]));
    const err = originError(() => applyFilters(source, [high, low]));
    expect(err.code).toBe('MPE_FILTER_REMOVED_ALL_STREAMS');
    expect(err.message).toMatch(/Filters "high" and "low" together remove every video track.*"high" keeps video 900000; "low" keeps video 250000/);
  });

  it('allows removing all audio, and everything of an audio-only asset is refused', () => {
    expect(keys(applyFilters(source, [named('v', select([cond('Type', 'video')]))]))).toHaveLength(3);
    const audioOnly = fakePresentation({ rungs: [] });
    expect(keys(applyFilters(audioOnly, [named('en', select([cond('Language', 'eng')]))]))).toEqual(['audio:128000:aac_eng_2_128000']);
    const err = originError(() => applyFilters(audioOnly, [named('none', select([cond('Language', 'de')]))]));
    expect(err.message).toMatch(/Filter "none" removes every track/);
  });
});

describe('time range', () => {
  it('snaps outward to fragment boundaries: a straddling fragment is kept whole', () => {
    const timeline = source.video[0]!.fragments.startTicks; // 0, 2, 4, …, 12, 13 s
    expect(fragmentsInRange(timeline, { start: 4 * S, end: 8 * S })).toEqual({ first: 2, end: 4 });
    expect(fragmentsInRange(timeline, { start: 5 * S, end: 7 * S })).toEqual({ first: 2, end: 4 });
    expect(fragmentsInRange(timeline, { start: 4 * S - 1, end: 8 * S + 1 })).toEqual({ first: 1, end: 5 });
    expect(fragmentsInRange(timeline, { start: -Infinity, end: 1 })).toEqual({ first: 0, end: 1 });
    expect(fragmentsInRange(timeline, { start: 12.5 * S, end: Infinity })).toEqual({ first: 6, end: 7 });
    expect(fragmentsInRange(timeline, { start: 13 * S, end: Infinity })).toEqual({ first: 7, end: 7 });
    expect(fragmentsInRange(timeline, { start: 0, end: 0 })).toEqual({ first: 0, end: 0 });
  });

  it('keeps the original fragment start times of every track and rebases the duration', () => {
    const out = applyFilters(source, [named('4-8', { presentationTimeRange: { startTimestamp: 4 * S, endTimestamp: 8 * S } })]);
    for (const t of out.video) expect(starts(t)).toEqual([4 * S, 6 * S, 8 * S]);
    for (const t of out.audio) {
      const original = source.audio.find((a) => a.name === t.name)!;
      expect(starts(t)).toEqual(starts(original).slice(2, 5));
      expect([...t.fragments.firstSample]).toEqual([...original.fragments.firstSample].slice(2, 5));
    }
    expect(out.durationTicks).toBe(4 * S);
  });

  it('reads start and end in the filter timescale', () => {
    const out = applyFilters(source, [named('ms', { presentationTimeRange: { startTimestamp: 9000, timescale: 1000 } })]);
    expect(starts(out.video[0]!)).toEqual([8 * S, 10 * S, 12 * S, 13 * S]);
    // The end is the last kept track's: here the audio, which runs a few ms past the video.
    const end = Math.max(...[...out.video, ...out.audio].map((t) => t.fragments.startTicks.at(-1)!));
    expect(end).toBeGreaterThanOrEqual(13 * S);
    expect(out.durationTicks).toBe(end - 8 * S);
  });

  it('refuses a range that holds no media', () => {
    const err = originError(() => applyFilters(source, [named('late', { presentationTimeRange: { startTimestamp: 20 * S } })]));
    expect(err.code).toBe('MPE_FILTER_REMOVED_ALL_STREAMS');
    expect(err.message).toMatch(/time range of "late" \(20 s to the end\) holds no media of fake\.ism, which lasts 13 s/);
  });
});

describe('composition', () => {
  const a = named('a', {
    presentationTimeRange: { startTimestamp: 3 * S, endTimestamp: 9 * S },
    tracks: [{ trackSelections: [cond('Bitrate', '400000-1000000')] }, { trackSelections: [cond('Type', 'audio')] }],
  });
  const b = named('b', {
    presentationTimeRange: { startTimestamp: 7 * S },
    tracks: [{ trackSelections: [cond('Language', 'fra', 'NotEqual')] }],
  });

  it('equals the intersection of the filters applied alone', () => {
    const both = applyFilters(source, [a, b]);
    const onlyA = applyFilters(source, [a]);
    const onlyB = applyFilters(source, [b]);
    const common = keys(onlyA).filter((k) => keys(onlyB).includes(k));
    expect(keys(both)).toEqual(common);
    expect(keys(both)).toEqual(['video:900000:video', 'video:500000:video', 'audio:128000:aac_eng_2_128000']);
    for (const t of both.video) {
      const inA = starts(onlyA.video.find((x) => x.key === t.key)!);
      const inB = starts(onlyB.video.find((x) => x.key === t.key)!);
      expect(starts(t).slice(0, -1)).toEqual(inA.slice(0, -1).filter((s) => inB.slice(0, -1).includes(s)));
    }
    expect(starts(both.video[0]!)).toEqual([6 * S, 8 * S, 10 * S]);
    expect(keys(applyFilters(source, [b, a]))).toEqual(keys(both));
  });

  it('refuses two time ranges that do not meet, naming both filters', () => {
    const early = named('early', { presentationTimeRange: { endTimestamp: 2 * S } });
    const late = named('late', { presentationTimeRange: { startTimestamp: 6 * S } });
    expect(originError(() => applyFilters(source, [early, late])).message).toMatch(/"early" and "late" \(6 s to 2 s\)/);
  });
});

describe('firstQuality', () => {
  it('lists the rung nearest the wanted bitrate first and keeps the others in order', () => {
    const out = applyFilters(source, [named('fq', { firstQuality: { bitrate: 500000 } })]);
    expect(out.video.map((t) => t.bitrate)).toEqual([500000, 900000, 250000]);
    const near = applyFilters(source, [named('fq', { firstQuality: { bitrate: 300000 } })]);
    expect(near.video.map((t) => t.bitrate)).toEqual([250000, 900000, 500000]);
  });

  it('allows only one firstQuality per request', () => {
    const err = originError(() =>
      applyFilters(source, [named('x', { firstQuality: { bitrate: 1 } }), named('y', { firstQuality: { bitrate: 2 } })]),
    );
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/"x" and "y" each set firstQuality/);
  });
});

describe('the origin stage', () => {
  const definitions = new Map<string, FilterDefinition>([
    ['low', select([cond('Bitrate', '0-600000')], [cond('Type', 'audio')])],
    ['mid', { presentationTimeRange: { startTimestamp: 4 * S, endTimestamp: 8 * S } }],
  ]);
  const locator = {
    folder: '/x',
    protocols: new Set(['hls'] as const),
    resolveFilter: (name: string) => definitions.get(name) ?? null,
    defaultFilters: ['mid'],
  };

  it('resolves the locator filters first, then the URL ones, once each', async () => {
    expect((await requestFilters(locator, ['low', 'mid'])).map((f) => f.name)).toEqual(['mid', 'low']);
    expect(await requestFilters({ folder: '/x', protocols: new Set() }, [])).toEqual([]);
  });

  it('answers an unknown filter with 404 MPE_EGRESS_FILTER_NOT_FOUND', async () => {
    const err = await requestFilters(locator, ['nope']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OriginError);
    expect(err).toMatchObject({ status: 404, code: 'MPE_EGRESS_FILTER_NOT_FOUND' });
    expect((err as Error).message).toMatch(/"nope" \(filter=nope in the URL\)/);
    const noFilters = await requestFilters({ folder: '/x', protocols: new Set() }, ['low']).catch((e: unknown) => e);
    expect(noFilters).toMatchObject({ status: 404 });
  });

  it('caches the filtered presentation per source and definitions', async () => {
    const cache = new FilteredPresentations();
    const filters = await requestFilters(locator, ['low']);
    const first = cache.get(source, filters);
    expect(cache.get(source, filters)).toBe(first);
    expect(cache.get(source, [])).toBe(source);
    // A changed definition under the same name is a different filtered presentation.
    const edited = [{ name: 'low', definition: select([cond('Type', 'video')]) }];
    expect(cache.get(source, edited)).not.toBe(first);
    expect(cache.get(source, edited).version).not.toBe(first.version);
    // Bounded by bytes: with room for one, the least recently used goes.
    const small = new FilteredPresentations(cache.bytes / 2 + 1);
    const a = small.get(source, filters);
    small.get(source, edited);
    expect(small.get(source, filters)).not.toBe(a);

    // Its speed (applyFilters against a cache hit) is measured by npm run bench:hot-paths.
  });
});
