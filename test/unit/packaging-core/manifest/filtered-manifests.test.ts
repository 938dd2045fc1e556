/**
 * Every manifest writer on a presentation a time-range filter trimmed at the front (4–8 s of 13 s):
 * only the kept fragments, at their original times, and still a complete VOD presentation.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { writeMpd } from '../../../../packaging-core/manifest/dash/mpd.ts';
import { applyFilters } from '../../../../packaging-core/presentation/filters/apply-filters.ts';
import { writeHlsMaster } from '../../../../packaging-core/manifest/hls/master-playlist.ts';
import { writeHlsMediaPlaylist } from '../../../../packaging-core/manifest/hls/media-playlist.ts';
import { writeSmoothManifest } from '../../../../packaging-core/manifest/mss/smooth-manifest.ts';
import type { UrlOptions } from '../../../../packaging-core/types/request.ts';
import { fakePresentation } from './fake-presentation.ts';

const S = 10_000_000;
const options: UrlOptions = { filters: ['mid'], audioOnly: true, keyframes: false };
const trimmed = applyFilters(fakePresentation(), [
  { name: 'mid', definition: { presentationTimeRange: { startTimestamp: 4 * S, endTimestamp: 8 * S } } },
]);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['S', 'c', 'AdaptationSet', 'StreamIndex'].includes(name) });

describe('manifests of a trimmed presentation', () => {
  it('HLS TS and CMAF playlists list only the kept segments, from 4 s, and end with EXT-X-ENDLIST', () => {
    const ts = writeHlsMediaPlaylist(trimmed, { format: 'm3u8-aapl', bitrate: 500000, track: 'video', options });
    expect(ts.match(/Fragments\([^)]*\)/g)).toEqual(['Fragments(video=40000000,format=m3u8-aapl,filter=mid)']);
    expect(ts).toMatch(/#EXTINF:4\.000000,/);
    expect(ts.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const cmaf = writeHlsMediaPlaylist(trimmed, { format: 'm3u8-cmaf', bitrate: 500000, track: 'video', options });
    expect(cmaf.match(/Fragments\(video=(?:i|\d+)/g)).toEqual(['Fragments(video=i', 'Fragments(video=40000000', 'Fragments(video=60000000']);
    expect(cmaf.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const audio = writeHlsMediaPlaylist(trimmed, { format: 'm3u8-aapl', bitrate: 128000, track: 'aac_eng_2_128000', options });
    expect(audio.match(/Fragments\(aac_eng_2_128000=(\d+)/)?.[1]).toBe(String(trimmed.audio[0]!.fragments.startTicks[0]));
    expect(writeHlsMaster(trimmed, 'm3u8-aapl', options)).toMatch(/QualityLevels\(900000\)\/Manifest\(video,format=m3u8-aapl,filter=mid\)/);
  });

  it('DASH starts each SegmentTimeline at the kept t, with presentationTimeOffset and the kept duration', () => {
    for (const format of ['mpd-time-csf', 'mpd-time-cmaf'] as const) {
      const mpd = xml.parse(writeMpd(trimmed, format, options)).MPD;
      expect(mpd.mediaPresentationDuration).toMatch(/^PT4(\.0\d*)?S$/);
      const [video, ...audio] = mpd.Period.AdaptationSet;
      expect(video.SegmentTemplate.presentationTimeOffset).toBe(String(4 * S));
      expect(video.SegmentTemplate.SegmentTimeline.S).toEqual([{ t: String(4 * S), d: String(2 * S), r: '1' }]);
      expect(video.SegmentTemplate.media).toContain('filter=mid');
      for (const set of audio) expect(Number(set.SegmentTemplate.SegmentTimeline.S[0].t)).toBeGreaterThanOrEqual(4 * S);
    }
  });

  it('Smooth writes the first c with t= at the kept start and counts only the kept chunks', () => {
    const smooth = xml.parse(writeSmoothManifest(trimmed, 'smooth', options)).SmoothStreamingMedia;
    const video = smooth.StreamIndex.find((s: { Type: string }) => s.Type === 'video');
    expect(video.Chunks).toBe('2');
    expect(video.c[0]).toMatchObject({ t: String(4 * S), d: String(2 * S) });
    expect(video.Url).toContain('filter=mid');
    expect(Number(smooth.Duration)).toBe(trimmed.durationTicks);
  });
});
