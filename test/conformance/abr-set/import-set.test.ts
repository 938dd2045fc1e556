/**
 * Bring your own ABR set, through the studio API over a real temp library: rungs with the audio muxed
 * in each (deduplicated, languages kept) and AMS asset containers (separate and muxed audio, a folder of
 * containers) import without re-encoding and serve from the studio's origin — ffmpeg decodes the HLS and
 * DASH streams to exactly the source pictures, Smooth keeps the .ism's names and bitrates, a locator made
 * with an old GUID lists AMS's paths. Bad sets of each kind get a specific error naming the file, and
 * leave catalog and library unchanged.
 */
import { mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../../electron/studio/api/contract.ts';
import type { Studio } from '../../../electron/studio/studio.ts';
import type { AbrFixture } from '../../helpers/fixtures.ts';
import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { amsAudioTrackName, amsContainer, byoFixture, muxedRungs, reencodedRung, truncatedCopy } from '../../helpers/set-fixtures.ts';
import { openTestStudio, studioCalls } from '../../helpers/test-studio.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

let fx: AbrFixture;
let dir = '';
let work = '';
let studio: Studio;
let muxed: string[] = [];

const { call, failure } = studioCalls(() => studio);

/** What a failed import must not change: the catalog's assets and the library's folders. */
async function libraryState(): Promise<unknown> {
  const { assetsDir, tmpDir } = studio.catalog.layout;
  return { assets: (await call('assets.list', {})).map((a) => a.id), folders: (await readdir(assetsDir)).sort(), tmp: await readdir(tmpDir) };
}

async function publish(assetId: string, id?: string): Promise<{ base: string; paths: OperationOutput<'locators.paths'> }> {
  const locator = await call('locators.create', { assetId, policyName: 'Predefined_ClearStreamingOnly', ...(id && { id }) });
  const paths = await call('locators.paths', { id: locator.id });
  return { base: paths.baseUrl, paths };
}

beforeAll(async () => {
  fx = await byoFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'abr-set-'));
  work = path.join(dir, 'media');
  studio = await openTestStudio(dir, { serve: true });
  muxed = await muxedRungs(fx, path.join(work, 'muxed'));
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a set of rungs with the audio muxed in each', () => {
  it('shows the ladder on a dry run (audio deduplicated, languages kept) and imports nothing', async () => {
    const before = await libraryState();
    const { sets } = await call('assets.importSet', { paths: muxed, dryRun: true });
    expect(sets).toHaveLength(1);
    const { ladder, asset } = sets[0]!;
    expect(asset).toBeNull();
    expect(ladder.name).toBe('byo');
    expect(ladder.video.map((v) => [v.width, v.height, v.codecString?.slice(0, 4)])).toEqual([
      [320, 180, 'avc1'],
      [160, 90, 'avc1'],
    ]);
    expect(ladder.audio.map((a) => [a.language, a.codec, a.file, a.alsoIn])).toEqual([
      ['eng', 'AAC', path.basename(muxed[0]!), [path.basename(muxed[1]!)]],
      ['fra', 'AAC', path.basename(muxed[0]!), [path.basename(muxed[1]!)]],
    ]);
    expect(await libraryState()).toEqual(before);
  });

  it('imports as one asset and every HLS/DASH format decodes to the source pictures', async () => {
    const { sets } = await call('assets.importSet', { paths: muxed, name: 'Muxed set' });
    const asset = sets[0]!.asset!;
    expect(asset).toMatchObject({ name: 'Muxed set', ismName: 'byo.ism', state: 'Finished' });
    expect(asset.mediaInfo?.video?.width).toBe(320);
    const files = await call('assets.files', { id: asset.id });
    expect(files.tracks.map((t) => [t.kind, t.language])).toEqual([
      ['video', null],
      ['video', null],
      ['audio', 'eng'],
      ['audio', 'fra'],
    ]);
    const { paths, base } = await publish(asset.id);
    const url = (format: string) => `${base}${paths.streamingPaths.flatMap((g) => g.paths).find((p) => p.endsWith(`format=${format})`))!}`;
    const source = await frameHashes(`file:${fx.videoFiles[0]!.file}`, '0:v:0');
    const top = sets[0]!.ladder.video[0]!.bitrate;
    const ism = `${base}${paths.streamingPaths[0]!.paths[0]!.split('/manifest')[0]}`;
    for (const format of ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf']) {
      const hashes = await frameHashes(`${ism}/QualityLevels(${top})/Manifest(video,format=${format})`, '0:v:0');
      expect(hashes, format).toEqual(source);
    }
    for (const format of ['mpd-time-csf', 'mpd-time-cmaf']) {
      const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', url(format)])).stdout.toString());
      const audio = info.streams.filter((s: { codec_type: string }) => s.codec_type === 'audio');
      expect(audio.map((s: { tags?: { language?: string } }) => s.tags?.language), format).toEqual(['eng', 'fra']);
      const video = info.streams.findIndex((s: { width?: number }) => s.width === 320);
      expect(await frameHashes(url(format), `0:${video}`), format).toEqual(source);
    }
    const smooth = await (await fetch(`${ism}/manifest`)).text();
    expect(smooth.match(/<StreamIndex[^>]*Type="audio"[^>]*Language="(\w+)"/g)?.length).toBe(2);
    const fragment = await fetch(`${ism}/QualityLevels(${top})/Fragments(video=0)`);
    expect(fragment.status).toBe(200);
    expect(Buffer.from(await fragment.arrayBuffer()).toString('latin1', 4, 8)).toBe('moof');
  });
});

describe('AMS asset containers', () => {
  const oldLocator = '5f0c3a9e-8d1b-4c2a-9e7f-1a2b3c4d5e6f';
  const guids = ['1c1d3b7e-0000-4000-8000-000000000001', '1c1d3b7e-0000-4000-8000-000000000002'];

  it('a folder of containers (separate and muxed audio) becomes one asset each, with AMS names, track names and bitrates', async () => {
    const parent = path.join(work, 'containers');
    // The first has AMS's input metadata naming the source it was encoded from: the asset takes that
    // name; the second's metadata names nothing: the container's name.
    const separate = await amsContainer(fx, parent, guids[0]!, { mode: 'separate' }, 'Big Buck Bunny (trailer).mp4');
    const muxedC = await amsContainer(fx, parent, guids[1]!, { mode: 'muxed', rungs: muxed });
    const { sets } = await call('assets.importSet', { paths: [parent] });
    expect(sets.map((s) => s.asset?.name)).toEqual(['Big Buck Bunny (trailer)', `asset-${guids[1]}`]);
    for (const [i, c] of [separate, muxedC].entries()) {
      const { ladder, asset } = sets[i]!;
      expect(ladder.source).toBe('ism');
      expect(ladder.ismName).toBe('byo.ism');
      expect(ladder.video.map((v) => v.bitrate)).toEqual(fx.videoFiles.map((v) => v.bitrate));
      expect(ladder.audio.map((a) => [a.trackName, a.bitrate, a.language])).toEqual(c.audio.map((a) => [amsAudioTrackName(a), a.bitrate, a.language]));
      // The container's own files travel with it, the .ism unchanged.
      const files = (await call('assets.files', { id: asset!.id })).files.map((f) => f.name);
      expect(files).toEqual(expect.arrayContaining(['byo.ism', 'byo.ismc', 'byo_manifest.json', i === 0 ? `9${guids[0]!.slice(1)}_metadata.xml` : 'byo_metadata.xml']));
      const folder = path.join(studio.catalog.layout.root, asset!.folder);
      expect(await readFile(path.join(folder, 'byo.ism'), 'utf8')).toBe(await readFile(path.join(c.folder, 'byo.ism'), 'utf8'));
    }
  });

  it('a locator created with the old GUID lists the paths AMS listed, and its Smooth URLs are AMS\'s', async () => {
    const asset = (await call('assets.list', {})).find((a) => a.name === `asset-${guids[1]}`)!;
    const { paths, base } = await publish(asset.id, oldLocator);
    const ism = `/${oldLocator}/byo.ism`;
    const byProtocol = Object.fromEntries(paths.streamingPaths.map((g) => [g.protocol, g.paths]));
    expect(byProtocol['Hls']).toEqual(expect.arrayContaining([`${ism}/manifest(format=m3u8-aapl)`, `${ism}/manifest(format=m3u8-cmaf)`]));
    expect(byProtocol['Dash']).toEqual([`${ism}/manifest(format=mpd-time-csf)`, `${ism}/manifest(format=mpd-time-cmaf)`]);
    expect(byProtocol['SmoothStreaming']).toEqual([`${ism}/manifest`]);
    const smooth = await (await fetch(`${base}${ism}/manifest`)).text();
    const eng = 'aac_eng_2_64001_2_1';
    expect(smooth).toContain(`Name="${eng}"`);
    for (const v of fx.videoFiles) expect(smooth).toContain(`Bitrate="${v.bitrate}"`);
    // The fragment URL an AMS player cached still answers.
    const res = await fetch(`${base}${ism}/QualityLevels(64001)/Fragments(${eng}=0)`);
    expect(res.status).toBe(200);
    const dash = `${base}${ism}/manifest(format=mpd-time-cmaf)`;
    const source = await frameHashes(`file:${fx.videoFiles[1]!.file}`, '0:v:0');
    const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', dash])).stdout.toString());
    const low = info.streams.findIndex((s: { width?: number }) => s.width === 160);
    expect(await frameHashes(dash, `0:${low}`)).toEqual(source);
  });
});

describe('bad sets get a specific error and change nothing', () => {
  const rung = (i: number) => fx.videoFiles[i]!.file;
  const gop48 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '48', '-keyint_min', '48', '-sc_threshold', '0'];
  const cases: { name: string; make: () => Promise<string[]>; message: RegExp }[] = [
    {
      name: 'GOPs not aligned across rungs',
      make: async () => [rung(0), await reencodedRung(rung(1), path.join(work, 'gop', 'byo_160x90_150.mp4'), ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '36', '-keyint_min', '36', '-sc_threshold', '0'])],
      message: /not GOP-aligned: byo_160x90_150\.mp4 \(\d+ b\/s\) has key frame 2 at 1\.500 s where byo_320x180_400\.mp4 \(\d+ b\/s\) has one at 2\.000 s/,
    },
    {
      name: 'open GOPs',
      make: async () => [await reencodedRung(rung(0), path.join(work, 'open', 'byo_320x180_400.mp4'), [...gop48, '-bf', '3', '-x264-params', 'open-gop=1']), rung(1)],
      message: /byo_320x180_400\.mp4 has open GOPs: .* key frame at 2\.000 s/,
    },
    {
      name: 'durations more than one GOP apart',
      make: async () => [rung(0), await reencodedRung(rung(1), path.join(work, 'short', 'byo_160x90_150.mp4'), ['-c', 'copy', '-t', '2'])],
      message: /byo_160x90_150\.mp4 \(video, track 1\) lasts 2\.\d+ s but byo_320x180_400\.mp4 lasts 6\.000 s/,
    },
    {
      name: 'a codec no format serves',
      make: async () => [
        rung(0),
        await reencodedRung(rung(1), path.join(work, 'mp4v', 'byo_160x90_150.mp4'), ['-c:v', 'mpeg4', '-g', '48']),
      ],
      message: /byo_160x90_150\.mp4: track 1 is MPEG-4 Part 2 video \(mp4v\), which none of the streaming formats/,
    },
    {
      name: 'a truncated file',
      make: async () => [rung(0), await truncatedCopy(rung(1), path.join(work, 'cut', 'byo_160x90_150.mp4'), 0.6)],
      message: /byo_160x90_150\.mp4 is truncated/,
    },
    {
      name: 'a file the .ism names is missing',
      make: async () => {
        const c = await amsContainer(fx, path.join(work, 'missing'), '2c1d3b7e-0000-4000-8000-000000000009', { mode: 'separate' });
        await unlink(path.join(c.folder, path.basename(fx.audioFiles[1]!.file)));
        return [c.folder];
      },
      message: /byo\.ism names a file missing from .*: byo_AACAudio_fra_64\.mp4/,
    },
    {
      name: 'one bad container in a folder of containers (the good one is not imported either)',
      make: async () => {
        const parent = path.join(work, 'mixed');
        await amsContainer(fx, parent, '3c1d3b7e-0000-4000-8000-000000000001', { mode: 'separate' });
        const bad = await amsContainer(fx, parent, '3c1d3b7e-0000-4000-8000-000000000002', { mode: 'separate' });
        await truncatedCopy(fx.videoFiles[0]!.file, path.join(bad.folder, path.basename(fx.videoFiles[0]!.file)), 0.5);
        return [parent];
      },
      message: /asset-3c1d3b7e-0000-4000-8000-000000000002: byo_320x180_400\.mp4 is truncated/,
    },
  ];

  it.each(cases)('$name', async ({ make, message }) => {
    const paths = await make();
    const before = await libraryState();
    const error = await failure('assets.importSet', { paths });
    expect(error.code).toBe('invalid-set');
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
    expect(await libraryState()).toEqual(before);
    expect((await stat(studio.catalog.layout.tmpDir)).isDirectory()).toBe(true);
  });
});
