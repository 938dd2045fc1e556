import { describe, expect, it } from 'vitest';
import { PRIMARY_FORMATS } from '../../../../packaging-core/formats/format-table.ts';
import {
  fragmentName,
  manifestPath,
  playlistUrl,
  qualityFragmentUrl,
  smoothUrlTemplate,
} from '../../../../packaging-core/url/build-url.ts';
import { parseOriginPath } from '../../../../packaging-core/url/parse-url.ts';

const LOC = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const DIR = `/${LOC}/movie.ism/`;
const all = { filters: ['first30s', 'hd'], encryption: 'cbc', audioTrack: 'aac_eng_2_128000' };

describe('build-url', () => {
  it.each(PRIMARY_FORMATS)('manifestPath(%s) parses back to the same request', (format) => {
    const path = manifestPath(LOC, 'movie.ism', format, { filters: ['a'], audioOnly: false });
    expect(parseOriginPath(path)).toMatchObject({
      kind: 'manifest',
      format,
      options: { filters: ['a'], audioOnly: false },
    });
  });

  it('writes the bare Smooth manifest URL without parentheses', () => {
    expect(manifestPath(LOC, 'movie.ism', 'smooth', { filters: [] })).toBe(`${DIR}manifest`);
  });

  it('writes AMS-shaped child URLs in AMS option order', () => {
    expect(playlistUrl('m3u8-aapl', 900000, 'video', { filters: [] }, true)).toBe(
      'QualityLevels(900000)/Manifest(video,format=m3u8-aapl,type=keyframes)',
    );
    expect(
      fragmentName('m3u8-aapl-v3', 'video', 60000000, { filters: [], audioTrack: 'aac_und_2_128000' }),
    ).toBe('Fragments(video=60000000,format=m3u8-aapl-v3,audiotrack=aac_und_2_128000)');
    expect(
      qualityFragmentUrl('$Bandwidth$', fragmentName('mpd-time-csf', 'video', '$Time$', { filters: ['f'] })),
    ).toBe('QualityLevels($Bandwidth$)/Fragments(video=$Time$,format=mpd-time-csf,filter=f)');
    expect(smoothUrlTemplate('video', { filters: [] })).toBe(
      'QualityLevels({bitrate})/Fragments(video={start time})',
    );
  });

  it('round-trips every carried option and odd names through the parser', () => {
    const playlist = parseOriginPath(DIR + playlistUrl('m3u8-aapl-v3', 128000, 'aac_dé_2', all));
    expect(playlist).toMatchObject({ kind: 'playlist', track: 'aac_dé_2', bitrate: 128000, options: all });
    const fragment = parseOriginPath(
      `${DIR}QualityLevels(128000)/${fragmentName('m3u8-cmaf', 'a&b', 'init', all)}`,
    );
    expect(fragment).toMatchObject({ kind: 'fragment', track: 'a&b', time: 'init', options: all });
  });
});
