import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { listPaths } from '../../../../electron/studio/publishing/list-paths.ts';
import { listLocatorPaths } from '../../../../electron/studio/publishing/locator-paths.ts';
import { createLocator } from '../../../../electron/studio/publishing/locators.ts';
import { streamingUrls } from '../../../../electron/studio/publishing/streaming-urls.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();
const LOC = 'b3a5f2a0-8a5e-4b8e-9d1c-3f2e1d0c9b8a';
const FILES = ['movie.ism', 'movie.ismc', 'movie_1280x720_3000.mp4', 'movie_640x360_1000.mp4', 'movie_aac_eng.mp4', '.movie.ism.1.x.atomic-tmp'];
const HLS = {
  protocol: 'Hls',
  encryptionScheme: 'NoEncryption',
  paths: [
    `/${LOC}/movie.ism/manifest(format=m3u8-aapl)`,
    `/${LOC}/movie.ism/manifest(format=m3u8-cmaf)`,
    `/${LOC}/movie.ism/manifest(format=m3u8-aapl-v3)`,
  ],
};
const DASH = {
  protocol: 'Dash',
  encryptionScheme: 'NoEncryption',
  paths: [`/${LOC}/movie.ism/manifest(format=mpd-time-csf)`, `/${LOC}/movie.ism/manifest(format=mpd-time-cmaf)`],
};
const SMOOTH = { protocol: 'SmoothStreaming', encryptionScheme: 'NoEncryption', paths: [`/${LOC}/movie.ism/manifest`] };
const DOWNLOADS = [
  `/${LOC}/movie_1280x720_3000.mp4`,
  `/${LOC}/movie_640x360_1000.mp4`,
  `/${LOC}/movie_aac_eng.mp4`,
];

describe('listPaths (AMS ListPaths for clear locators)', () => {
  it('Predefined_ClearStreamingOnly: Hls, Dash, Smooth; no downloads', () => {
    expect(listPaths({ locator: { id: LOC, protocols: ['hls', 'dash', 'smooth'] }, ismName: 'movie.ism', files: FILES })).toEqual({
      streamingPaths: [HLS, DASH, SMOOTH],
      downloadPaths: [],
    });
  });

  it('Predefined_DownloadAndClearStreaming: streaming paths and the MP4 files (no manifests, no temp files)', () => {
    expect(listPaths({ locator: { id: LOC, protocols: ['hls', 'dash', 'smooth', 'download'] }, ismName: 'movie.ism', files: FILES })).toEqual({
      streamingPaths: [HLS, DASH, SMOOTH],
      downloadPaths: DOWNLOADS,
    });
  });

  it('Predefined_DownloadOnly: downloads only', () => {
    expect(listPaths({ locator: { id: LOC, protocols: ['download'] }, ismName: 'movie.ism', files: FILES })).toEqual({
      streamingPaths: [],
      downloadPaths: DOWNLOADS,
    });
  });

  it('a custom policy lists only its protocols; no .ism means no streaming paths; names are URL-encoded', () => {
    expect(listPaths({ locator: { id: LOC, protocols: ['dash'] }, ismName: 'movie.ism', files: FILES }).streamingPaths).toEqual([DASH]);
    expect(listPaths({ locator: { id: LOC, protocols: ['hls', 'download'] }, ismName: null, files: ['a b.mp4'] })).toEqual({
      streamingPaths: [],
      downloadPaths: [`/${LOC}/a%20b.mp4`],
    });
    expect(listPaths({ locator: { id: LOC, protocols: ['smooth'] }, ismName: 'my movie.ism', files: [] }).streamingPaths[0]?.paths).toEqual([
      `/${LOC}/my%20movie.ism/manifest`,
    ]);
  });

  it('streamingUrls names the six formats on a base URL', () => {
    const paths = listPaths({ locator: { id: LOC, protocols: ['hls', 'dash', 'smooth', 'download'] }, ismName: 'movie.ism', files: FILES });
    const urls = streamingUrls(paths, 'http://127.0.0.1:8787/');
    const m = `http://127.0.0.1:8787/${LOC}/movie.ism/manifest`;
    expect(urls.formats).toEqual({
      'hls-v4': `${m}(format=m3u8-aapl)`,
      'hls-v3': `${m}(format=m3u8-aapl-v3)`,
      'hls-cmaf': `${m}(format=m3u8-cmaf)`,
      'dash-csf': `${m}(format=mpd-time-csf)`,
      'dash-cmaf': `${m}(format=mpd-time-cmaf)`,
      smooth: m,
    });
    expect(urls.downloads).toEqual(DOWNLOADS.map((p) => `http://127.0.0.1:8787${p}`));
    const dashOnly = streamingUrls(listPaths({ locator: { id: LOC, protocols: ['dash'] }, ismName: 'movie.ism', files: [] }), 'https://cdn.example/vod');
    expect(Object.keys(dashOnly.formats)).toEqual(['dash-csf', 'dash-cmaf']);
    expect(dashOnly.formats['dash-csf']).toBe(`https://cdn.example/vod/${LOC}/movie.ism/manifest(format=mpd-time-csf)`);
  });

  it('puts filter=a;b into every streaming path (inside the manifest parentheses), never into downloads', () => {
    const m = `/${LOC}/movie.ism/manifest`;
    const filtered = listPaths({ locator: { id: LOC, protocols: ['hls', 'dash', 'smooth', 'download'] }, ismName: 'movie.ism', files: FILES, filters: ['a', 'b'] });
    expect(filtered.streamingPaths.flatMap((g) => g.paths)).toEqual([
      `${m}(format=m3u8-aapl,filter=a;b)`,
      `${m}(format=m3u8-cmaf,filter=a;b)`,
      `${m}(format=m3u8-aapl-v3,filter=a;b)`,
      `${m}(format=mpd-time-csf,filter=a;b)`,
      `${m}(format=mpd-time-cmaf,filter=a;b)`,
      // Bare Smooth gets its own parentheses.
      `${m}(filter=a;b)`,
    ]);
    expect(filtered.downloadPaths).toEqual(DOWNLOADS);
    const urls = streamingUrls(listPaths({ locator: { id: LOC, protocols: ['hls', 'smooth'] }, ismName: 'movie.ism', files: [], filters: ['first-minute'] }), 'http://h:1');
    expect(urls.formats['hls-v3']).toBe(`http://h:1${m}(format=m3u8-aapl-v3,filter=first-minute)`);
    expect(urls.formats.smooth).toBe(`http://h:1${m}(filter=first-minute)`);
    // No filter: the paths AMS listed, unchanged.
    expect(listPaths({ locator: { id: LOC, protocols: ['dash'] }, ismName: 'movie.ism', files: [], filters: [] }).streamingPaths).toEqual([DASH]);
  });

  it('listLocatorPaths reads the policy and the asset folder from the library', () => {
    const c = libs.open();
    const a = insertAsset(c, { name: 'Movie', state: 'Finished', ismName: 'movie.ism' });
    const folder = path.join(c.layout.root, a.folder);
    fs.mkdirSync(folder);
    for (const f of FILES) fs.writeFileSync(path.join(folder, f), '');
    const l = createLocator(c, { assetId: a.id, policyName: 'Predefined_DownloadAndClearStreaming', id: LOC });
    expect(listLocatorPaths(c, l.name)).toEqual({ streamingPaths: [HLS, DASH, SMOOTH], downloadPaths: DOWNLOADS });
    fs.rmSync(folder, { recursive: true });
    expect(() => listLocatorPaths(c, l.id)).toThrow(/cannot be read.*moved or deleted outside the studio/);
    expect(() => listLocatorPaths(c, 'nope')).toThrow(/No streaming locator "nope"/);
    fs.mkdirSync(folder);
    expect(() => listLocatorPaths(c, l.id, undefined, undefined, ['missing'])).toThrow(/No filter named "missing" for asset "Movie"/);
  });
});
