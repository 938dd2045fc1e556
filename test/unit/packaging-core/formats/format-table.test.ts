/**
 * The format table against what the origin actually answers: every format's manifest, playlist, init
 * and media segment requested through the real handler (URLs written by the URL builder) carry the
 * table's content types; init segments exist exactly where the table says; HLS TS groups fragments
 * and CMAF does not; a locator's encryption serves exactly the table's schemes; a codec a format
 * does not carry is a 415 naming the formats that do. And the UI sees every named format.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_FORMATS,
  FORMATS,
  PRIMARY_FORMATS,
  UI_FORMATS,
  formatsCarrying,
  type FormatTraits,
} from '../../../../packaging-core/formats/format-table.ts';
import { createOriginHandler, type OriginHandler } from '../../../../packaging-core/server/origin-handler.ts';
import { fragmentName, manifestPath } from '../../../../packaging-core/url/build-url.ts';
import { parseOriginPath } from '../../../../packaging-core/url/parse-url.ts';
import type { StreamingFormat } from '../../../../packaging-core/types/formats.ts';
import type { Presentation, PresentationTrack } from '../../../../packaging-core/types/media.ts';
import type { ProtectionScheme, ResolvedLocator } from '../../../../packaging-core/types/request.ts';
import { FORMAT_KEYS } from '../../../../electron/studio/api/contract.ts';
import { listPaths } from '../../../../electron/studio/publishing/list-paths.ts';
import { streamingUrls } from '../../../../electron/studio/publishing/streaming-urls.ts';
import { syntheticAudio, syntheticVideo } from '../mp2t/synthetic-tracks.ts';
import { listen } from '../../../helpers/static-server.ts';

const CLEAR = 'a1a1a1a1-0000-4000-8000-000000000001';
const AV1 = 'a1a1a1a1-0000-4000-8000-000000000002';
const SCHEMES: readonly ProtectionScheme[] = ['cbc', 'cenc', 'cbcs'];
const schemeLocator = (s: ProtectionScheme): string => `a1a1a1a1-0000-4000-8000-00000000010${SCHEMES.indexOf(s)}`;
const PER_SEGMENT = 3;

/**
 * What AMS served, written here independently of the table (streaming-formats.md §2, §7), so a wrong
 * table entry fails: per format, the encryption a locator may use, whether AV1 video plays, and
 * whether it has init segments.
 */
const AMS: Readonly<Record<StreamingFormat, { schemes: ProtectionScheme[]; av1: boolean; init: boolean }>> = {
  'm3u8-aapl': { schemes: ['cbc'], av1: false, init: false },
  'm3u8-aapl-v3': { schemes: ['cbc'], av1: false, init: false },
  'm3u8-cmaf': { schemes: ['cbc', 'cbcs'], av1: true, init: true },
  'mpd-time-csf': { schemes: ['cenc', 'cbcs'], av1: true, init: true },
  'mpd-time-cmaf': { schemes: ['cenc', 'cbcs'], av1: true, init: true },
  smooth: { schemes: ['cenc'], av1: false, init: false },
  'fmp4-v20': { schemes: ['cenc'], av1: false, init: false },
};

let dir: string;
let video: PresentationTrack;
let server: Awaited<ReturnType<typeof listen>>;
let handler: OriginHandler;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'format-table-'));
  // Five 2 s fragments: two TS segments of up to three fragments, five CMAF segments.
  video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 300, gop: 60, sliceSize: 2_000 });
  const audio = await syntheticAudio(path.join(dir, 'a.mp4'), 10);
  await writeFile(path.join(dir, 'a.ism'), '<smil/>');
  await mkdir(path.join(dir, 'av1'));
  await writeFile(path.join(dir, 'av1', 'a.ism'), '<smil/>');
  const presentation: Presentation = {
    folder: dir,
    ismName: 'a.ism',
    video: [video],
    audio: [audio],
    durationTicks: 100_000_000,
    fragmentsPerHlsSegment: PER_SEGMENT,
    version: 'v1',
  };
  // The same pictures declared as AV1: which formats may carry them is the table's codec list.
  const av1 = { ...video, config: { ...video.config, codec: 'av01', codecString: 'av01.0.04M.08' } } as unknown as PresentationTrack;
  const av1Presentation: Presentation = { ...presentation, video: [av1], version: 'v2' };
  const everyProtocol = new Set(['hls', 'dash', 'smooth'] as const);
  const locators = new Map<string, ResolvedLocator>([
    [CLEAR, { folder: dir, protocols: everyProtocol }],
    [AV1, { folder: path.join(dir, 'av1'), protocols: everyProtocol }],
    ...SCHEMES.map((s): [string, ResolvedLocator] => [
      schemeLocator(s),
      {
        folder: dir,
        protocols: everyProtocol,
        protection: {
          schemes: new Set([s]),
          keyId: '11111111-2222-4333-8444-555555555555',
          contentKey: () => new Uint8Array(16).fill(7),
          keyPolicy: { kind: 'open' },
        },
      },
    ]),
  ]);
  handler = createOriginHandler({
    resolveLocator: (id) => locators.get(id) ?? null,
    presentations: (folder) => Promise.resolve(folder.endsWith('av1') ? av1Presentation : presentation),
  });
  server = await listen(handler);
  base = server.url;
});

afterAll(async () => {
  await server.close();
  await handler.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(p: string): Promise<{ status: number; type: string | null; cache: string | null; text: string }> {
  const res = await fetch(base + p);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), text: body.toString('latin1') };
}

const ismDir = (locator: string): string => `/${locator}/a.ism/`;
/** The URI lines of a playlist (and EXT-X-MAP's URI), resolved against its directory. */
function uris(playlist: string, dirPath: string): { media: string[]; map: string | null } {
  const lines = playlist.split('\n');
  const map = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
  return { media: lines.filter((l) => l !== '' && !l.startsWith('#')).map((l) => dirPath + l), map: map ? dirPath + map : null };
}

describe.each(ALL_FORMATS.map((f) => [f, FORMATS[f] as FormatTraits] as const))('%s as the origin serves it', (format, traits) => {
  it('answers its manifest with the table content type, as a manifest (short cache)', async () => {
    const res = await get(manifestPath(CLEAR, 'a.ism', format, { filters: [] }));
    expect(res.status).toBe(200);
    expect(res.type).toBe(traits.contentTypes.manifest);
    expect(res.cache).toBe('max-age=60');
  });

  it('has an init segment exactly when the table says, with the table content type', async () => {
    const init = `${ismDir(CLEAR)}QualityLevels(${video.bitrate})/${fragmentName(format, video.name, 'init', { filters: [] })}`;
    const res = await get(init);
    expect(traits.initFlavor !== null).toBe(AMS[format].init);
    if (!AMS[format].init) {
      expect(res.status).toBe(400);
    } else {
      expect(res.status).toBe(200);
      expect(res.type).toBe(traits.contentTypes.segment.video);
      expect(res.text.slice(4, 8)).toBe('ftyp');
    }
  });

  it('answers a media segment with the table content type (long cache)', async () => {
    const segment = `${ismDir(CLEAR)}QualityLevels(${video.bitrate})/${fragmentName(format, video.name, 0, { filters: [] })}`;
    const res = await get(segment);
    expect(res.status).toBe(200);
    expect(res.type).toBe(traits.contentTypes.segment.video);
    expect(res.cache).toBe('max-age=31536000');
    // MPEG-TS packets start with 0x47 every 188 bytes; fMP4 media segments with a box.
    if (traits.container === 'ts') expect([res.text.charCodeAt(0), res.text.charCodeAt(188)]).toEqual([0x47, 0x47]);
    else expect(['styp', 'moof']).toContain(res.text.slice(4, 8));
  });

  it('is served under a protected locator exactly with the schemes AMS served it with', async () => {
    expect(traits.schemes.toSorted()).toEqual(AMS[format].schemes.toSorted());
    for (const scheme of SCHEMES) {
      const res = await get(manifestPath(schemeLocator(scheme), 'a.ism', format, { filters: [] }));
      expect(res.status, `${format} under ${scheme}`).toBe(AMS[format].schemes.includes(scheme) ? 200 : 403);
    }
  });

  it('carries AV1 video only if the table lists it; otherwise a 415 names where it plays', async () => {
    const res = await get(manifestPath(AV1, 'a.ism', format, { filters: [] }));
    expect(traits.codecs.includes('av01')).toBe(AMS[format].av1);
    if (AMS[format].av1) {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(415);
      expect(res.text).toContain(`which ${traits.name} cannot carry; this asset is served in ${formatsCarrying('av01').map((f) => FORMATS[f].name).join(', ')}.`);
    }
  });

  it('its AMS key (and aliases) parse back to it, and a bare manifest is Smooth 2.2', () => {
    for (const key of traits.amsKey === null ? [] : [traits.amsKey, ...traits.aliases]) {
      expect(parseOriginPath(`/${CLEAR}/a.ism/manifest(format=${key})`)).toMatchObject({ kind: 'manifest', format });
    }
    if (traits.amsKey === null) expect(parseOriginPath(`/${CLEAR}/a.ism/manifest`)).toMatchObject({ format });
  });
});

const HLS = ALL_FORMATS.filter((f) => FORMATS[f].protocol === 'hls');
describe.each(HLS.map((f) => [f, FORMATS[f] as FormatTraits] as const))('%s playlists as the origin serves them', (format, traits) => {
  it('lists playlists of the table type; TS groups fragments per segment, CMAF does not', async () => {
    const master = await get(manifestPath(CLEAR, 'a.ism', format, { filters: [] }));
    const videoPlaylist = uris(master.text, ismDir(CLEAR)).media.find((u) => u.includes(`QualityLevels(${video.bitrate})`))!;
    const playlist = await get(videoPlaylist);
    expect(playlist.status).toBe(200);
    expect(playlist.type).toBe(traits.contentTypes.playlist);
    const fragments = video.fragments.firstSample.length - 1;
    const { media, map } = uris(playlist.text, videoPlaylist.slice(0, videoPlaylist.lastIndexOf('/') + 1));
    // TS packs fragmentsPerHLSSegment fragments per segment; CMAF segments are single fragments (§2.3).
    expect(media).toHaveLength(traits.container === 'ts' ? Math.ceil(fragments / PER_SEGMENT) : fragments);
    expect(map !== null).toBe(traits.initFlavor !== null);
    for (const uri of [media[0]!, ...(map ? [map] : [])]) {
      const res = await get(uri);
      expect(res.status, uri).toBe(200);
      expect(res.type).toBe(traits.contentTypes.segment.video);
    }
  });

});

describe('the named formats', () => {
  it('declare the MIME types players and CDNs expect of each protocol', () => {
    const manifestTypes = Object.fromEntries(ALL_FORMATS.map((f) => [FORMATS[f].protocol, FORMATS[f].contentTypes.manifest]));
    expect(manifestTypes).toEqual({ hls: 'application/vnd.apple.mpegurl', dash: 'application/dash+xml', smooth: 'application/vnd.ms-sstr+xml' });
  });

  it('are the six the product names, each with its own UI key, which the contract and the UI use', () => {
    expect(PRIMARY_FORMATS).toEqual(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf', 'smooth']);
    expect(new Set(FORMAT_KEYS).size).toBe(PRIMARY_FORMATS.length);
    expect(UI_FORMATS.map((f) => f.format)).toEqual(PRIMARY_FORMATS);
  });

  it("a clear locator's ListPaths gives one URL per UI key, each naming its format", () => {
    const paths = listPaths({ locator: { id: CLEAR, protocols: ['hls', 'dash', 'smooth'] }, ismName: 'a.ism', files: [] });
    const urls = streamingUrls(paths, 'http://h:1');
    expect(Object.keys(urls.formats).toSorted()).toEqual([...FORMAT_KEYS].toSorted());
    for (const f of UI_FORMATS) {
      const request = parseOriginPath(new URL(urls.formats[f.key]!).pathname);
      expect(request).toMatchObject({ kind: 'manifest', format: f.format satisfies StreamingFormat });
    }
  });
});
