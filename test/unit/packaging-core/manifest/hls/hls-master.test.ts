import { describe, expect, it } from 'vitest';
import { writeHlsMaster } from '../../../../../packaging-core/manifest/hls/master-playlist.ts';
import type { Presentation, PresentationTrack } from '../../../../../packaging-core/types/media.ts';
import { TICKS_PER_SECOND } from '../../../../../packaging-core/types/media.ts';
import type { UrlOptions } from '../../../../../packaging-core/types/request.ts';
import { fakePresentation } from '../fake-presentation.ts';
import { expectPlaylist, hlsAttributes, ISM_DIR, resolveChild, uriLines } from '../resolve-child.ts';

const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
const presentation = fakePresentation();
const masterPath = (format: string) => `${ISM_DIR}manifest(format=${format})`;

function tagLines(text: string, tag: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${tag}:`));
}

/** Media-only peak of (video + the largest audio) over TS segments: the floor BANDWIDTH must reach. */
function mediaPeak(
  video: PresentationTrack,
  audio: readonly PresentationTrack[],
  perSegment: number,
): number {
  const bytesOf = (track: PresentationTrack, first: number, end: number) => {
    let sum = 0;
    for (let s = track.fragments.firstSample[first]!; s < track.fragments.firstSample[end]!; s++)
      sum += track.samples.sizes[s]!;
    return sum;
  };
  const starts = video.fragments.startTicks;
  const count = starts.length - 1;
  let peak = 0;
  for (let first = 0; first < count; first += perSegment) {
    const end = Math.min(count, first + perSegment);
    const audioBytes = Math.max(0, ...audio.map((track) => bytesOf(track, first, end)));
    const seconds = (starts[end]! - starts[first]!) / TICKS_PER_SECOND;
    peak = Math.max(peak, (8 * (bytesOf(video, first, end) + audioBytes)) / seconds);
  }
  return peak;
}

describe('HLS v4 master (m3u8-aapl)', () => {
  const master = writeHlsMaster(presentation, 'm3u8-aapl', plain);

  it('starts with #EXTM3U and version 4', () => {
    expect(master.split('\n').slice(0, 2)).toEqual(['#EXTM3U', '#EXT-X-VERSION:4']);
  });

  it('has one audio rendition per audio track, the first DEFAULT, named after the track', () => {
    const media = tagLines(master, '#EXT-X-MEDIA').map(hlsAttributes);
    expect(media.map((m) => [m.NAME, m.LANGUAGE, m.DEFAULT, m.AUTOSELECT, m['GROUP-ID'], m.TYPE])).toEqual([
      ['aac_eng_2_128000', 'eng', 'YES', 'YES', 'audio', 'AUDIO'],
      ['aac_fra_2_128000', 'fra', 'NO', 'YES', 'audio', 'AUDIO'],
    ]);
  });

  it('has a variant per video quality plus the audio-only variant, and an I-frame variant per quality', () => {
    const variants = tagLines(master, '#EXT-X-STREAM-INF').map(hlsAttributes);
    expect(variants).toHaveLength(presentation.video.length + 1);
    expect(variants.map((v) => v.RESOLUTION)).toEqual(['640x360', '480x270', '320x180', undefined]);
    expect(variants.map((v) => v.CODECS)).toEqual([
      'avc1.64001e,mp4a.40.2',
      'avc1.640015,mp4a.40.2',
      'avc1.640015,mp4a.40.2',
      'mp4a.40.2',
    ]);
    expect(variants.slice(0, 3).every((v) => v['FRAME-RATE'] === '30.000' && v.AUDIO === 'audio')).toBe(true);
    const iframes = tagLines(master, '#EXT-X-I-FRAME-STREAM-INF').map(hlsAttributes);
    expect(iframes.map((v) => v.CODECS)).toEqual(['avc1.64001e', 'avc1.640015', 'avc1.640015']);
  });

  it('announces BANDWIDTH > AVERAGE-BANDWIDTH > 0, at or above the media peak and within TS overhead of it', () => {
    const variants = tagLines(master, '#EXT-X-STREAM-INF').map(hlsAttributes);
    for (const v of [...variants, ...tagLines(master, '#EXT-X-I-FRAME-STREAM-INF').map(hlsAttributes)]) {
      expect(Number(v.BANDWIDTH)).toBeGreaterThan(Number(v['AVERAGE-BANDWIDTH']));
      expect(Number(v['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
    }
    presentation.video.forEach((video, index) => {
      const floor = mediaPeak(video, presentation.audio, presentation.fragmentsPerHlsSegment);
      const announced = Number(variants[index]!.BANDWIDTH);
      expect(announced).toBeGreaterThanOrEqual(floor);
      expect(announced).toBeLessThan(floor * 1.25);
    });
    // Higher qualities announce more.
    const bandwidths = variants.slice(0, 3).map((v) => Number(v.BANDWIDTH));
    expect([...bandwidths].sort((a, b) => b - a)).toEqual(bandwidths);
  });

  it('points every URI at a playlist of a track the presentation has', () => {
    const uris = [
      ...uriLines(master),
      ...[...tagLines(master, '#EXT-X-MEDIA'), ...tagLines(master, '#EXT-X-I-FRAME-STREAM-INF')].map(
        (l) => hlsAttributes(l).URI!,
      ),
    ];
    expect(uris).toHaveLength(3 + 1 + 2 + 3);
    for (const uri of uris) {
      const request = expectPlaylist(presentation, resolveChild(masterPath('m3u8-aapl'), uri));
      expect(request.format).toBe('m3u8-aapl');
    }
    const iframe = resolveChild(
      masterPath('m3u8-aapl'),
      hlsAttributes(tagLines(master, '#EXT-X-I-FRAME-STREAM-INF')[0]!).URI!,
    );
    expect(iframe).toMatchObject({
      kind: 'playlist',
      bitrate: 900000,
      track: 'video',
      options: { keyframes: true },
    });
  });

  it('drops the audio-only variant for audio-only=false', () => {
    const noAudioOnly = writeHlsMaster(presentation, 'm3u8-aapl', { ...plain, audioOnly: false });
    const variants = tagLines(noAudioOnly, '#EXT-X-STREAM-INF').map(hlsAttributes);
    expect(variants).toHaveLength(3);
    expect(variants.every((v) => v.CODECS!.startsWith('avc1'))).toBe(true);
  });

  it('carries filter, encryption and audioTrack into every child URI', () => {
    const options: UrlOptions = {
      ...plain,
      filters: ['first30s', 'hd'],
      encryption: 'cbc',
      audioTrack: 'aac_fra_2_128000',
    };
    const text = writeHlsMaster(presentation, 'm3u8-aapl', options);
    const uris = [
      ...uriLines(text),
      ...[...tagLines(text, '#EXT-X-MEDIA'), ...tagLines(text, '#EXT-X-I-FRAME-STREAM-INF')].map(
        (l) => hlsAttributes(l).URI!,
      ),
    ];
    for (const uri of uris) {
      const request = expectPlaylist(presentation, resolveChild(masterPath('m3u8-aapl'), uri));
      expect(request.options).toMatchObject({
        filters: ['first30s', 'hd'],
        encryption: 'cbc',
        audioTrack: 'aac_fra_2_128000',
      });
    }
  });

  it('is deterministic', () => {
    expect(writeHlsMaster(presentation, 'm3u8-aapl', plain)).toBe(master);
  });
});

describe('HLS v3 master (m3u8-aapl-v3)', () => {
  const master = writeHlsMaster(presentation, 'm3u8-aapl-v3', plain);

  it('is version 3 without EXT-X-MEDIA or I-frame variants, one variant per video quality', () => {
    expect(master).toMatch(/^#EXTM3U\n#EXT-X-VERSION:3\n/);
    expect(master).not.toContain('#EXT-X-MEDIA');
    expect(master).not.toContain('I-FRAME');
    expect(tagLines(master, '#EXT-X-STREAM-INF')).toHaveLength(3);
  });

  it('muxes the first audio track by default and names it in every variant URI', () => {
    const variants = tagLines(master, '#EXT-X-STREAM-INF').map(hlsAttributes);
    expect(variants.every((v) => v.CODECS!.endsWith(',mp4a.40.2') && v.AUDIO === undefined)).toBe(true);
    for (const uri of uriLines(master)) {
      const request = expectPlaylist(presentation, resolveChild(masterPath('m3u8-aapl-v3'), uri));
      expect(request).toMatchObject({
        format: 'm3u8-aapl-v3',
        track: 'video',
        options: { audioTrack: 'aac_eng_2_128000' },
      });
    }
  });

  it('selects another audio track with audioTrack=', () => {
    const fra = writeHlsMaster(presentation, 'm3u8-aapl-v3', { ...plain, audioTrack: 'aac_fra_2_128000' });
    expect(uriLines(fra).every((uri) => uri.includes('audiotrack=aac_fra_2_128000'))).toBe(true);
  });

  it('answers 404 for an unknown audioTrack', () => {
    expect(() =>
      writeHlsMaster(presentation, 'm3u8-aapl-v3', { ...plain, audioTrack: 'aac_deu_2_128000' }),
    ).toThrow(expect.objectContaining({ status: 404, code: 'MPE_EGRESS_TRACK_NOT_FOUND' }));
  });
});

describe('HLS CMAF master (m3u8-cmaf)', () => {
  const master = writeHlsMaster(presentation, 'm3u8-cmaf', { ...plain, filters: ['f'] });

  it('uses the v4 layout with CMAF playlists and no TS I-frame variants', () => {
    expect(master).toMatch(/^#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n/);
    expect(tagLines(master, '#EXT-X-MEDIA')).toHaveLength(2);
    expect(tagLines(master, '#EXT-X-STREAM-INF')).toHaveLength(4);
    expect(master).not.toContain('I-FRAME');
    const uris = [...uriLines(master), ...tagLines(master, '#EXT-X-MEDIA').map((l) => hlsAttributes(l).URI!)];
    for (const uri of uris) {
      const request = expectPlaylist(presentation, resolveChild(masterPath('m3u8-cmaf'), uri));
      expect(request).toMatchObject({ format: 'm3u8-cmaf', options: { filters: ['f'] } });
    }
  });

  it('announces BANDWIDTH > AVERAGE-BANDWIDTH > 0', () => {
    for (const v of tagLines(master, '#EXT-X-STREAM-INF').map(hlsAttributes)) {
      expect(Number(v.BANDWIDTH)).toBeGreaterThan(Number(v['AVERAGE-BANDWIDTH']));
      expect(Number(v['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
    }
  });
});

describe('HLS masters of partial presentations (what a filter may leave)', () => {
  const audioOnly: Presentation = { ...presentation, video: [] };
  const videoOnly: Presentation = { ...presentation, audio: [] };

  it('serves an audio-only presentation as audio variants even with audio-only=false', () => {
    const v4 = writeHlsMaster(audioOnly, 'm3u8-aapl', { ...plain, audioOnly: false });
    expect(tagLines(v4, '#EXT-X-STREAM-INF').map((l) => hlsAttributes(l).CODECS)).toEqual(['mp4a.40.2']);
    const v3 = writeHlsMaster(audioOnly, 'm3u8-aapl-v3', plain);
    expect(uriLines(v3)).toEqual([
      'QualityLevels(128000)/Manifest(aac_eng_2_128000,format=m3u8-aapl-v3,audiotrack=aac_eng_2_128000)',
    ]);
  });

  it('serves a video-only presentation without audio group or audio codec', () => {
    for (const format of ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'] as const) {
      const text = writeHlsMaster(videoOnly, format, plain);
      expect(text).not.toContain('mp4a');
      expect(text).not.toContain('AUDIO=');
      expect(tagLines(text, '#EXT-X-STREAM-INF')).toHaveLength(3);
    }
  });
});
