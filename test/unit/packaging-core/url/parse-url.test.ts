import { describe, expect, it } from 'vitest';
import { OriginError } from '../../../../packaging-core/types/errors.ts';
import type { OriginRequest, UrlOptions } from '../../../../packaging-core/types/request.ts';
import { parseOriginPath } from '../../../../packaging-core/url/parse-url.ts';

const LOC = '8a7c2f4e-1b3d-4e5f-9a0b-c1d2e3f4a5b6';
const BASE = `/${LOC}/movie.ism`;
const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };

function options(extra: Partial<UrlOptions>): UrlOptions {
  return { ...plain, ...extra };
}

const valid: readonly (readonly [string, OriginRequest])[] = [
  [
    `${BASE}/manifest`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'smooth', options: plain },
  ],
  [
    `${BASE}/Manifest`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'smooth', options: plain },
  ],
  [
    `${BASE}/manifest()`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'smooth', options: plain },
  ],
  [
    `${BASE}/manifest(format=fmp4-v20)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'fmp4-v20', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl-v4)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl-v3)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl-v3', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-cmaf)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-cmaf', options: plain },
  ],
  [
    `${BASE}/manifest(format=mpd-time-csf)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'mpd-time-csf', options: plain },
  ],
  [
    `${BASE}/manifest(format=mpd-time-cmaf)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'mpd-time-cmaf', options: plain },
  ],
  // Keywords, option names and values in any case; the .ism name keeps its case (file names are case sensitive).
  [
    `/${LOC.toUpperCase()}/Movie.ISM/MANIFEST(FORMAT=MPD-TIME-CSF)`,
    { kind: 'manifest', locator: LOC, ism: 'Movie.ISM', format: 'mpd-time-csf', options: plain },
  ],
  // Suffixes players use to guess the type.
  [
    `${BASE}/manifest(format=mpd-time-csf).mpd`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'mpd-time-csf', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl).m3u8`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl', options: plain },
  ],
  // Spaces after commas (old docs) and a trailing comma (Shaka #6393).
  [
    `${BASE}/manifest(format=m3u8-aapl, filter=X)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      options: options({ filters: ['X'] }),
    },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl%2C%20filter%3DX)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      options: options({ filters: ['X'] }),
    },
  ],
  [
    `${BASE}/manifest%28format%3Dm3u8-aapl%29`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl', options: plain },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl,)`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'm3u8-aapl', options: plain },
  ],
  // Options in any order (AMS Explorer inserts right after the parenthesis).
  [
    `${BASE}/manifest(filter=a;b;c,format=mpd-time-cmaf,encryption=CENC)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'mpd-time-cmaf',
      options: options({ filters: ['a', 'b', 'c'], encryption: 'cenc' }),
    },
  ],
  [
    `${BASE}/manifest(filtername=first30s)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'smooth',
      options: options({ filters: ['first30s'] }),
    },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl,audio-only=false)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      options: options({ audioOnly: false }),
    },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl-v3,audioTrack=aac_fra_2_128000)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl-v3',
      options: options({ audioTrack: 'aac_fra_2_128000' }),
    },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl-v3,audiotrack=aac_fra_2_128000)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl-v3',
      options: options({ audioTrack: 'aac_fra_2_128000' }),
    },
  ],
  [
    `${BASE}/manifest(format=m3u8-aapl,encryption=cbcs-aapl)`,
    {
      kind: 'manifest',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      options: options({ encryption: 'cbcs-aapl' }),
    },
  ],
  // Second-level URLs (§1.3).
  [
    `${BASE}/QualityLevels(900000)/Manifest(video,format=m3u8-aapl)`,
    {
      kind: 'playlist',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      bitrate: 900000,
      track: 'video',
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(128000)/Manifest(aac_eng_2_128000,format=m3u8-cmaf)`,
    {
      kind: 'playlist',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-cmaf',
      bitrate: 128000,
      track: 'aac_eng_2_128000',
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Manifest(video,format=m3u8-aapl,type=keyframes)`,
    {
      kind: 'playlist',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      bitrate: 900000,
      track: 'video',
      options: options({ keyframes: true }),
    },
  ],
  [
    `${BASE}/qualitylevels(900000)/manifest(video,format=m3u8-aapl-v3,audiotrack=aac_eng_2_128000,filter=f)`,
    {
      kind: 'playlist',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl-v3',
      bitrate: 900000,
      track: 'video',
      options: options({ audioTrack: 'aac_eng_2_128000', filters: ['f'] }),
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=123)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'smooth',
      bitrate: 900000,
      track: 'video',
      time: 123,
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(128000)/Fragments(aac_eng_2_128000=0,format=m3u8-cmaf)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-cmaf',
      bitrate: 128000,
      track: 'aac_eng_2_128000',
      time: 0,
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=i,format=mpd-time-csf)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'mpd-time-csf',
      bitrate: 900000,
      track: 'video',
      time: 'init',
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=I,format=m3u8-cmaf)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-cmaf',
      bitrate: 900000,
      track: 'video',
      time: 'init',
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=1400000000,format=mpd-time-cmaf)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'mpd-time-cmaf',
      bitrate: 900000,
      track: 'video',
      time: 1400000000,
      options: plain,
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=60000000,format=m3u8-aapl-v3,audiotrack=aac_und_2_128000)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl-v3',
      bitrate: 900000,
      track: 'video',
      time: 60000000,
      options: options({ audioTrack: 'aac_und_2_128000' }),
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=20000000,format=m3u8-aapl,type=keyframes)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'm3u8-aapl',
      bitrate: 900000,
      track: 'video',
      time: 20000000,
      options: options({ keyframes: true }),
    },
  ],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=0,filter=a;b)`,
    {
      kind: 'fragment',
      locator: LOC,
      ism: 'movie.ism',
      format: 'smooth',
      bitrate: 900000,
      track: 'video',
      time: 0,
      options: options({ filters: ['a', 'b'] }),
    },
  ],
  // Downloads and policy files.
  [`/${LOC}/movie_640x360_900.mp4`, { kind: 'download', locator: LOC, file: 'movie_640x360_900.mp4' }],
  [`/${LOC}/movie%20audio%20(eng).m4a`, { kind: 'download', locator: LOC, file: 'movie audio (eng).m4a' }],
  ['/crossdomain.xml', { kind: 'policy-file', name: 'crossdomain.xml' }],
  ['/clientaccesspolicy.xml', { kind: 'policy-file', name: 'clientaccesspolicy.xml' }],
  // A query string passed along with the path is not part of the grammar.
  [
    `${BASE}/manifest(format=mpd-time-csf)?token=abc`,
    { kind: 'manifest', locator: LOC, ism: 'movie.ism', format: 'mpd-time-csf', options: plain },
  ],
];

const rejected: readonly (readonly [string, number, string])[] = [
  // Malformed: 400 MPE_BAD_URL_SYNTAX.
  [`${BASE}/manifest(format=hds)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(foo=bar)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=m3u8-aapl,format=m3u8-cmaf)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(filter=a,filtername=b)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(filter=a;b;c;d)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(filter=a;;b)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=m3u8-aapl,,filter=a)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(audio-only=maybe)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(encryption=rot13)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(type=keyframes)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(type=thumbnails,format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(video)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=m3u8-aapl`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=m3u8-aapl))`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(format=m3u8-aapl).txt`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifests`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest/`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}//manifest`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/movie.mp4/manifest`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/not-a-guid/movie.ism/manifest`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/8a7c2f4e1b3d4e5f9a0bc1d2e3f4a5b6/movie.ism/manifest`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(abc)/Manifest(video,format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(0)/Manifest(video,format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(-5)/Fragments(video=0)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Manifest(video)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Manifest(format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Manifest(video,audio,format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Manifest(video,format=mpd-time-csf)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [
    `${BASE}/QualityLevels(900000)/Manifest(video,format=m3u8-cmaf,type=keyframes)`,
    400,
    'MPE_BAD_URL_SYNTAX',
  ],
  [`${BASE}/QualityLevels(900000)/Fragments(video)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=-1)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=1.5)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=0x10)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=99999999999999999999)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=i)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=i,format=m3u8-aapl)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(=0)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [
    `${BASE}/QualityLevels(900000)/Fragments(video=0,format=mpd-time-csf,type=keyframes)`,
    400,
    'MPE_BAD_URL_SYNTAX',
  ],
  [`${BASE}/QualityLevels(900000)/Fragments(video=0)/extra`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)`, 400, 'MPE_BAD_URL_SYNTAX'],
  // Hostile: traversal, encoded separators, NUL, control characters, broken escapes.
  [`/${LOC}/../etc/passwd`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/./movie.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/%2e%2e/secret.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/..%2fsecret.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/..%2Fsecret.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/..%5csecret.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/..\\secret.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/movie.mp4%00.txt`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/movie%0a.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/movie%zz.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`/${LOC}/movie%E0%A4%A.mp4`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(vid%2Feo=0)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/QualityLevels(900000)/Fragments(video=0,filter=a%29b)`, 400, 'MPE_BAD_URL_SYNTAX'],
  [`${BASE}/manifest(audiotrack=a b)`, 400, 'MPE_BAD_URL_SYNTAX'],
  ['relative/path', 400, 'MPE_BAD_URL_SYNTAX'],
  // Well-formed but not served: the right status.
  [`${BASE}/manifest(format=f4m-f4f)`, 415, 'MPE_FORMAT_NOT_SUPPORTED'],
  [`/${LOC}/movie.ism`, 404, 'MPE_RESOURCE_NOT_FOUND'],
  [`/${LOC}/movie.ismc`, 404, 'MPE_RESOURCE_NOT_FOUND'],
  [`/${LOC}/movie_640x360_900.ismv`, 404, 'MPE_RESOURCE_NOT_FOUND'],
  [`/${LOC}/movie_audio.isma`, 404, 'MPE_RESOURCE_NOT_FOUND'],
  [`/${LOC}/notes.txt`, 404, 'MPE_RESOURCE_NOT_FOUND'],
  ['/', 404, 'MPE_RESOURCE_NOT_FOUND'],
  ['/favicon.ico', 404, 'MPE_RESOURCE_NOT_FOUND'],
];

function failure(path: string): OriginError {
  try {
    parseOriginPath(path);
  } catch (error) {
    if (error instanceof OriginError) return error;
    throw error;
  }
  throw new Error(`${path} parsed without an error`);
}

describe('parseOriginPath: AMS URLs', () => {
  it.each(valid)('%s', (path, expected) => {
    expect(parseOriginPath(path)).toEqual(expected);
  });
});

describe('parseOriginPath: malformed, hostile and unservable URLs', () => {
  it.each(rejected)('%s → %i %s', (path, status, code) => {
    const error = failure(path);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    // The message says what to fix; it never echoes a stack.
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('names the known formats when the format is unknown', () => {
    expect(failure(`${BASE}/manifest(format=m3u8)`).message).toMatch(/m3u8-aapl.*mpd-time-csf/);
  });
});

describe('parseOriginPath: segment extensions (HLS playlists add them for ffmpeg)', () => {
  const fragment = (tail: string, format: string, time = '0') => parseOriginPath(`${BASE}/QualityLevels(900000)/Fragments(video=${time},format=${format})${tail}`);
  it('reads the same fragment with or without its container extension', () => {
    expect(fragment('.ts', 'm3u8-aapl')).toEqual(fragment('', 'm3u8-aapl'));
    expect(fragment('.TS', 'm3u8-aapl-v3')).toEqual(fragment('', 'm3u8-aapl-v3'));
    expect(fragment('.m4s', 'm3u8-cmaf')).toEqual(fragment('', 'm3u8-cmaf'));
    expect(fragment('.mp4', 'm3u8-cmaf', 'i')).toEqual(fragment('', 'm3u8-cmaf', 'i'));
  });
  // Smooth, 2.2 (no format=) and 2.0 (fmp4-v20) alike, has no extension: AMS wrote none.
  it('refuses an extension of another container', () => {
    for (const [tail, format] of [['.m4s', 'm3u8-aapl'], ['.ts', 'm3u8-cmaf'], ['.ts', 'mpd-time-csf'], ['.aac', 'm3u8-aapl'], ['.m4s', 'fmp4-v20']] as const) {
      expect(failure(`${BASE}/QualityLevels(900000)/Fragments(video=0,format=${format})${tail}`).code).toBe('MPE_BAD_URL_SYNTAX');
    }
    expect(failure(`${BASE}/QualityLevels(900000)/Fragments(video=0).m4s`).code).toBe('MPE_BAD_URL_SYNTAX');
  });
});
