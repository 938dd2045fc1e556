import { describe, expect, it } from 'vitest';
import type { MediaPlaylistRequest } from '../../../../../packaging-core/manifest/hls/media-playlist.ts';
import { writeHlsMediaPlaylist } from '../../../../../packaging-core/manifest/hls/media-playlist.ts';
import type { Presentation, PresentationTrack } from '../../../../../packaging-core/types/media.ts';
import { TICKS_PER_SECOND } from '../../../../../packaging-core/types/media.ts';
import type { UrlOptions } from '../../../../../packaging-core/types/request.ts';
import { fakePresentation } from '../fake-presentation.ts';
import { expectFragment, hlsAttributes, ISM_DIR, resolveChild, uriLines } from '../resolve-child.ts';

const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
const presentation = fakePresentation();
const video = presentation.video[0]!;
const eng = presentation.audio[0]!;

function playlistPath(request: MediaPlaylistRequest): string {
  return `${ISM_DIR}QualityLevels(${request.bitrate})/Manifest(${request.track},format=${request.format})`;
}

function extinfs(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('#EXTINF:'))
    .map((line) => Number(line.slice(8, line.indexOf(','))));
}

function tag(text: string, name: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith(`${name}:`) || line === name);
}

/** Starts of the segments when `per` fragments are packed in each. */
function groupStarts(track: PresentationTrack, per: number): number[] {
  const starts: number[] = [];
  for (let f = 0; f < track.fragments.startTicks.length - 1; f += per)
    starts.push(track.fragments.startTicks[f]!);
  return starts;
}

function expectVodShape(text: string, version: number): void {
  expect(text.startsWith(`#EXTM3U\n#EXT-X-VERSION:${version}\n`)).toBe(true);
  expect(tag(text, '#EXT-X-PLAYLIST-TYPE')).toBe('#EXT-X-PLAYLIST-TYPE:VOD');
  expect(tag(text, '#EXT-X-MEDIA-SEQUENCE')).toBe('#EXT-X-MEDIA-SEQUENCE:0');
  expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  // RFC 8216: each EXTINF rounded to the nearest integer ≤ TARGETDURATION; we use the ceiling of the max.
  const target = Number(tag(text, '#EXT-X-TARGETDURATION')!.split(':')[1]);
  expect(target).toBe(Math.ceil(Math.max(...extinfs(text))));
  for (const line of text.split('\n').filter((l) => l.startsWith('#EXTINF:')))
    expect(line).toMatch(/^#EXTINF:\d+\.\d{6},/);
}

describe('HLS TS media playlists', () => {
  it.each([1, 3, 5])('packs %i fragment(s) per segment with real summed durations', (per) => {
    const p: Presentation = { ...presentation, fragmentsPerHlsSegment: per };
    const request: MediaPlaylistRequest = {
      format: 'm3u8-aapl',
      bitrate: video.bitrate,
      track: 'video',
      options: plain,
    };
    const text = writeHlsMediaPlaylist(p, request);
    expectVodShape(text, 4);
    const expected = groupStarts(video, per);
    const uris = uriLines(text);
    expect(uris).toHaveLength(expected.length);
    const times = uris.map((uri) => expectFragment(p, resolveChild(playlistPath(request), uri)).time);
    expect(times).toEqual(expected);
    const total = extinfs(text).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(video.fragments.startTicks.at(-1)! / TICKS_PER_SECOND, 5);
  });

  it('writes AMS-shaped lines: 6.000000 s segments and a short last one at TARGETDURATION 6', () => {
    const text = writeHlsMediaPlaylist(presentation, {
      format: 'm3u8-aapl',
      bitrate: 500000,
      track: 'video',
      options: plain,
    });
    expect(text).toContain('#EXT-X-TARGETDURATION:6\n');
    expect(text).toContain('#EXTINF:6.000000,no-desc\nFragments(video=60000000,format=m3u8-aapl).ts\n');
    expect(text).toContain('#EXTINF:1.000000,no-desc\nFragments(video=120000000,format=m3u8-aapl).ts\n');
  });

  it('cuts audio renditions on the audio track’s own fragment times', () => {
    const request: MediaPlaylistRequest = {
      format: 'm3u8-aapl',
      bitrate: eng.bitrate,
      track: eng.name,
      options: plain,
    };
    const text = writeHlsMediaPlaylist(presentation, request);
    expectVodShape(text, 4);
    const times = uriLines(text).map(
      (uri) => expectFragment(presentation, resolveChild(playlistPath(request), uri)).time,
    );
    expect(times).toEqual(groupStarts(eng, 3));
    expect(times[1]).toBe(60160000); // the first AAC frame at or after 6 s
    expect(extinfs(text)[0]).toBeCloseTo(6.016, 6);
  });

  it('v3 names the muxed audio track in every segment URL, default first, 404 for an unknown one', () => {
    const request: MediaPlaylistRequest = {
      format: 'm3u8-aapl-v3',
      bitrate: 250000,
      track: 'video',
      options: plain,
    };
    const text = writeHlsMediaPlaylist(presentation, request);
    expectVodShape(text, 3);
    for (const uri of uriLines(text)) {
      const fragment = expectFragment(presentation, resolveChild(playlistPath(request), uri));
      expect(fragment).toMatchObject({ format: 'm3u8-aapl-v3', options: { audioTrack: 'aac_eng_2_128000' } });
    }
    const fra = writeHlsMediaPlaylist(presentation, {
      ...request,
      options: { ...plain, audioTrack: 'aac_fra_2_128000' },
    });
    expect(uriLines(fra).every((uri) => uri.includes('audiotrack=aac_fra_2_128000'))).toBe(true);
    expect(() =>
      writeHlsMediaPlaylist(presentation, { ...request, options: { ...plain, audioTrack: 'nope' } }),
    ).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('carries filter and encryption into every segment URL', () => {
    const options: UrlOptions = { ...plain, filters: ['a', 'b'], encryption: 'cbc' };
    const request: MediaPlaylistRequest = {
      format: 'm3u8-aapl',
      bitrate: video.bitrate,
      track: 'video',
      options,
    };
    for (const uri of uriLines(writeHlsMediaPlaylist(presentation, request))) {
      expect(resolveChild(playlistPath(request), uri)).toMatchObject({
        options: { filters: ['a', 'b'], encryption: 'cbc' },
      });
    }
  });
});

describe('HLS CMAF media playlists', () => {
  it.each([
    ['video', 900000],
    ['aac_fra_2_128000', 128000],
  ] as const)('%s: EXT-X-MAP init and one fragment per segment', (track, bitrate) => {
    const request: MediaPlaylistRequest = {
      format: 'm3u8-cmaf',
      bitrate,
      track,
      options: { ...plain, filters: ['f'] },
    };
    const text = writeHlsMediaPlaylist(presentation, request);
    expectVodShape(text, 7);
    const map = hlsAttributes(tag(text, '#EXT-X-MAP')!);
    expect(expectFragment(presentation, resolveChild(playlistPath(request), map.URI!))).toMatchObject({
      time: 'init',
      format: 'm3u8-cmaf',
      track,
      options: { filters: ['f'] },
    });
    const t = [...presentation.video, ...presentation.audio].find(
      (x) => x.name === track && x.bitrate === bitrate,
    )!;
    const times = uriLines(text).map(
      (uri) => expectFragment(presentation, resolveChild(playlistPath(request), uri)).time,
    );
    expect(times).toEqual(groupStarts(t, 1));
  });
});

describe('HLS I-frame playlists', () => {
  const request: MediaPlaylistRequest = {
    format: 'm3u8-aapl',
    bitrate: 900000,
    track: 'video',
    options: { ...plain, keyframes: true },
  };
  const text = writeHlsMediaPlaylist(presentation, request);

  it('lists one keyframe per fragment, addressed with type=keyframes', () => {
    expectVodShape(text, 4);
    expect(text).toContain('\n#EXT-X-I-FRAMES-ONLY\n');
    const fragments = uriLines(text).map((uri) =>
      expectFragment(presentation, resolveChild(playlistPath(request), uri)),
    );
    expect(fragments.map((f) => f.time)).toEqual(groupStarts(video, 1));
    expect(fragments.every((f) => f.options.keyframes && f.format === 'm3u8-aapl')).toBe(true);
  });

  it('refuses keyframes of an audio track', () => {
    expect(() =>
      writeHlsMediaPlaylist(presentation, { ...request, track: eng.name, bitrate: eng.bitrate }),
    ).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('HLS media playlist addressing errors', () => {
  it('answers 404 for an unknown bitrate or track', () => {
    expect(() =>
      writeHlsMediaPlaylist(presentation, {
        format: 'm3u8-aapl',
        bitrate: 123,
        track: 'video',
        options: plain,
      }),
    ).toThrow(expect.objectContaining({ status: 404, code: 'MPE_MANIFEST_MEDIA_ENTRY_NOT_FOUND' }));
    expect(() =>
      writeHlsMediaPlaylist(presentation, {
        format: 'm3u8-aapl',
        bitrate: 128000,
        track: 'aac_deu',
        options: plain,
      }),
    ).toThrow(expect.objectContaining({ status: 404, code: 'MPE_EGRESS_TRACK_NOT_FOUND' }));
  });
});
