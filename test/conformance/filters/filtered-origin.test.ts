/**
 * Dynamic manifest filters through the real origin on abrFixture() (3 rungs 900k/500k/250k, eng + fra
 * audio, 13 s, 2 s GOPs): every format lists exactly the selected tracks and its child URLs resolve;
 * a 4–8 s range starts on the 4 s fragment and ffmpeg decodes exactly the source pictures of 4–8 s;
 * composition is the intersection; unknown names are 404 and a filter leaving no video is 400.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterDefinition } from '../../../packaging-core/index.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

const S = 10_000_000;
const DEFAULT_LOCATOR = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const FILTERS: Record<string, FilterDefinition> = {
  // Rungs up to 600 kb/s and the English audio.
  low: {
    tracks: [
      { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'video' }, { property: 'Bitrate', operation: 'Equal', value: '0-600000' }] },
      { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'audio' }, { property: 'Language', operation: 'Equal', value: 'en' }] },
    ],
  },
  // Everything but the lowest rung.
  nolowest: { tracks: [{ trackSelections: [{ property: 'Bitrate', operation: 'NotEqual', value: '0-300000' }] }] },
  mid: { presentationTimeRange: { startTimestamp: 4 * S, endTimestamp: 8 * S } },
  late: { presentationTimeRange: { startTimestamp: 6 * S } },
  audioonly: { tracks: [{ trackSelections: [{ property: 'Type', operation: 'Equal', value: 'audio' }] }] },
};

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['S', 'c', 'AdaptationSet', 'Representation', 'StreamIndex', 'QualityLevel'].includes(name),
});

async function startTime(input: string, extra: string[] = []): Promise<number> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', ...extra, '-select_streams', 'v:0', '-show_entries', 'stream=start_time', input]);
  return Number(JSON.parse(r.stdout.toString()).streams[0].start_time);
}

describe('filters through the origin', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx, { filters: FILTERS });
    origin.locators.set(DEFAULT_LOCATOR, { ...origin.locators.get(TEST_LOCATOR)!, defaultFilters: ['low'] });
  });
  afterAll(async () => {
    await origin?.close();
  });

  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  };
  const ok = async (url: string) => {
    const r = await get(url);
    expect(r.status, `${url}: ${r.text.slice(0, 200)}`).toBe(200);
    return r.text;
  };
  const manifest = (format: string | null, filter?: string, base = origin.ismUrl) => {
    const items = [...(format ? [`format=${format}`] : []), ...(filter ? [`filter=${filter}`] : [])];
    return `${base}/manifest${items.length > 0 ? `(${items.join(',')})` : ''}`;
  };

  /** (bitrate, track) pairs a manifest lists, and one child URL per pair, absolute. */
  async function listed(format: string, filter: string, base = origin.ismUrl): Promise<{ tracks: string[]; children: string[] }> {
    const text = await ok(manifest(format === 'smooth' ? null : format, filter, base));
    const ism = `${base}/`;
    if (format.startsWith('m3u8')) {
      const uris = [...text.matchAll(/^(QualityLevels\(\d+\)\/Manifest\([^)]*\))$|URI="(QualityLevels[^"]+)"/gm)].map((m) => m[1] ?? m[2]!);
      const tracks = uris.filter((u) => !u.includes('type=keyframes')).map((u) => /QualityLevels\((\d+)\)\/Manifest\(([^,]+)/.exec(u)!.slice(1).join(':'));
      return { tracks: [...new Set(tracks)].sort(), children: uris.map((u) => ism + u) };
    }
    if (format.startsWith('mpd')) {
      const sets = xml.parse(text).MPD.Period.AdaptationSet as any[];
      const tracks: string[] = [];
      const children: string[] = [];
      for (const set of sets) {
        for (const rep of set.Representation) {
          const template = set.SegmentTemplate ?? rep.SegmentTemplate;
          const name = set.contentType === 'video' ? 'video' : set.Label;
          tracks.push(`${rep.bandwidth}:${name}`);
          const t = template.SegmentTimeline.S[0].t;
          children.push(ism + template.media.replace('$Bandwidth$', rep.bandwidth).replace('$Time$', t));
          children.push(ism + template.initialization.replace('$Bandwidth$', rep.bandwidth));
        }
      }
      return { tracks: tracks.sort(), children };
    }
    const streams = xml.parse(text).SmoothStreamingMedia.StreamIndex as any[];
    const tracks: string[] = [];
    const children: string[] = [];
    for (const s of streams) {
      for (const q of s.QualityLevel) {
        tracks.push(`${q.Bitrate}:${s.Name}`);
        children.push(ism + s.Url.replace('{bitrate}', q.Bitrate).replace('{start time}', s.c[0].t));
      }
    }
    return { tracks: tracks.sort(), children };
  }

  const SIX = ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf', 'smooth'];

  it.each(SIX)('%s lists exactly the selected rungs and tracks, and every child URL of it resolves', async (format) => {
    const { tracks, children } = await listed(format, 'low');
    // HLS v3 muxes the (English) audio into the video variants: no audio entry of its own.
    const audio = format === 'm3u8-aapl-v3' ? [] : ['128000:aac_eng_2_128000'];
    expect(tracks).toEqual([...audio, '250000:video', '500000:video'].sort());
    for (const child of children) {
      const body = await ok(child);
      // Playlists name only kept segments, each carrying the filter, and each resolves.
      const first = /^(Fragments\([^)]*\))$/m.exec(body)?.[1];
      if (first) {
        expect(first).toContain('filter=low');
        await ok(child.replace(/Manifest\([^/]*$/, first));
      }
    }
    // A removed rung is not addressable through the filtered URL tree.
    const removed = await get(`${origin.ismUrl}/QualityLevels(900000)/Fragments(video=0,format=mpd-time-cmaf,filter=low)`);
    expect(removed.status).toBe(404);
  });

  it('composition of two filters lists the intersection of what each lists, in every format', async () => {
    for (const format of SIX) {
      const a = (await listed(format, 'low')).tracks;
      const b = (await listed(format, 'nolowest')).tracks;
      const both = (await listed(format, 'low;nolowest')).tracks;
      expect(both, format).toEqual(a.filter((t) => b.includes(t)));
      expect(both.filter((t) => t.endsWith(':video')), format).toEqual(['500000:video']);
    }
    const late = await ok(`${origin.ismUrl}/QualityLevels(500000)/Manifest(video,format=m3u8-cmaf,filter=mid;late)`);
    expect(late.match(/Fragments\(video=(\d+)/g)).toEqual(['Fragments(video=60000000']);
  });

  it('a 4–8 s range starts every format on the 4 s fragment and ends after 8 s', async () => {
    const hls = await ok(`${origin.ismUrl}/QualityLevels(900000)/Manifest(video,format=m3u8-aapl,filter=mid)`);
    expect(hls.match(/Fragments\(video=\d+/g)).toEqual(['Fragments(video=40000000']);
    expect(hls).toMatch(/#EXTINF:4\.000000,/);
    expect(hls.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const mpd = xml.parse(await ok(manifest('mpd-time-cmaf', 'mid'))).MPD;
    expect(mpd.mediaPresentationDuration).toMatch(/^PT4(\.0\d*)?S$/);
    expect(mpd.Period.AdaptationSet[0].SegmentTemplate).toMatchObject({ presentationTimeOffset: String(4 * S) });
    expect(mpd.Period.AdaptationSet[0].SegmentTemplate.SegmentTimeline.S[0]).toMatchObject({ t: String(4 * S), d: String(2 * S), r: '1' });
    const smooth = xml.parse(await ok(manifest(null, 'mid'))).SmoothStreamingMedia.StreamIndex[0];
    expect(smooth).toMatchObject({ Chunks: '2' });
    expect(smooth.c[0]).toMatchObject({ t: String(4 * S), d: String(2 * S) });

    // ffprobe: the filtered stream starts 4 s after the unfiltered one (same B-frame delay), in HLS TS,
    // HLS CMAF and DASH alike.
    const playlist = (format: string, filter: string) =>
      `${origin.ismUrl}/QualityLevels(900000)/Manifest(video,format=${format}${filter ? `,filter=${filter}` : ''})`;
    for (const format of ['m3u8-aapl', 'm3u8-cmaf']) {
      const shift = (await startTime(playlist(format, 'mid'))) - (await startTime(playlist(format, '')));
      expect(shift, format).toBeCloseTo(4, 3);
    }
    const dashShift = (await startTime(manifest('mpd-time-cmaf', 'mid'))) - (await startTime(manifest('mpd-time-cmaf')));
    expect(dashShift).toBeCloseTo(4, 3);
  });

  it('ffmpeg decodes exactly the source pictures of 4–8 s from filtered HLS (TS, CMAF) and DASH', async () => {
    const rung = fx.videoFiles[0]!;
    const fps = fx.recipe.fps;
    const source = (await frameHashes(`file:${rung.file}`, '0:v:0')).slice(4 * fps, 8 * fps);
    expect(source).toHaveLength(4 * fps);
    for (const format of ['m3u8-aapl', 'm3u8-cmaf']) {
      const url = `${origin.ismUrl}/QualityLevels(${rung.bitrate})/Manifest(video,format=${format},filter=mid)`;
      expect(await frameHashes(url, '0:v:0'), format).toEqual(source);
    }
    const mpd = manifest('mpd-time-csf', `mid;nolowest`);
    const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', mpd]);
    const videos = JSON.parse(r.stdout.toString()).streams.filter((s: any) => s.codec_type === 'video');
    expect(videos).toHaveLength(2);
    const index = videos.findIndex((s: any) => s.width === rung.rung.width);
    expect(await frameHashes(mpd, `0:v:${index}`)).toEqual(source);
  });

  it('applies the locator default filters to URLs without filter=, and composes URL filters with them', async () => {
    const base = `http://${new URL(origin.base).host}/${DEFAULT_LOCATOR}/${fx.ismName}`;
    expect((await listed('mpd-time-csf', '', base)).tracks).toEqual(['128000:aac_eng_2_128000', '250000:video', '500000:video']);
    // nolowest drops every track under 300 kb/s, the audio included.
    expect((await listed('m3u8-aapl', 'nolowest', base)).tracks).toEqual(['500000:video']);
    expect((await get(`${base}/QualityLevels(900000)/Manifest(video,format=m3u8-aapl)`)).status).toBe(404);
  });

  it('answers an unknown filter with 404 and a filter that leaves no video with 400, with reasons', async () => {
    const unknown = await get(manifest('m3u8-aapl', 'nope'));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/^MPE_EGRESS_FILTER_NOT_FOUND: No asset or account filter is named "nope"/);
    const fragment = await get(`${origin.ismUrl}/QualityLevels(500000)/Fragments(video=0,format=mpd-time-csf,filter=low;nope)`);
    expect(fragment.status).toBe(404);
    const novideo = await get(manifest('mpd-time-csf', 'audioonly'));
    expect(novideo.status).toBe(400);
    expect(novideo.text).toMatch(/^MPE_FILTER_REMOVED_ALL_STREAMS: Filter "audioonly" removes every video track/);
    const fourFilters = await get(manifest('mpd-time-csf', 'low;mid;late;nolowest'));
    expect(fourFilters.status).toBe(400);
    expect(origin.errors).toEqual([]);
  });
});
