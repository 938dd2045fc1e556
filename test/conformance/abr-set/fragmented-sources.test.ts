/**
 * Fragmented sources served like progressive MP4s: an ISMV/ISMA set made with ffmpeg's `ismv` muxer
 * and a CMAF track set (.cmfv/.cmfa) — remuxed from the same rungs — import as sets, and ffmpeg decodes
 * every rung of HLS v4, HLS v3, HLS CMAF, DASH CSF and DASH CMAF to exactly the source pictures, with
 * the source's audio packets. (Smooth from these sets is played by dash.js: test/e2e/byo-media-playback.test.ts.)
 * A live archive (ISMV/ISMA starting at its event's absolute time) keeps that time in every format.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../../electron/studio/api/contract.ts';
import type { Studio } from '../../../electron/studio/studio.ts';
import type { AbrFixture } from '../../helpers/fixtures.ts';
import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { byoFixture, fragmentedSet } from '../../helpers/set-fixtures.ts';
import { fetchSmoothTrack, parseSmoothManifest } from '../../helpers/smooth-client.ts';
import { openTestStudio, studioCalls } from '../../helpers/test-studio.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

let fx: AbrFixture;
let dir = '';
let studio: Studio;

const { call } = studioCalls(() => studio);

beforeAll(async () => {
  fx = await byoFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'frag-sources-'));
  studio = await openTestStudio(dir, { serve: true });
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['ismv', 'cmaf'] as const)('%s sources', (kind) => {
  let ism = '';
  let ladder: OperationOutput<'assets.importSet'>['sets'][number]['ladder'];

  beforeAll(async () => {
    const files = await fragmentedSet(fx, path.join(dir, kind), kind);
    const { sets } = await call('assets.importSet', { paths: files, name: kind });
    ladder = sets[0]!.ladder;
    const locator = await call('locators.create', { assetId: sets[0]!.asset!.id, policyName: 'Predefined_ClearStreamingOnly' });
    const paths = await call('locators.paths', { id: locator.id });
    ism = `${paths.baseUrl}${paths.streamingPaths.find((g) => g.protocol === 'SmoothStreaming')!.paths[0]!.replace(/\/manifest$/, '')}`;
  });

  it('imports with the same ladder as the progressive set', () => {
    expect(ladder.video.map((v) => [v.width, v.height])).toEqual(fx.videoFiles.map((v) => [v.rung.width, v.rung.height]));
    expect(ladder.audio.map((a) => a.language)).toEqual(fx.recipe.languages);
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('HLS %s: every rung decodes to the source pictures, audio packets equal', async (format) => {
    for (const [i, v] of fx.videoFiles.entries()) {
      const url = `${ism}/QualityLevels(${ladder.video[i]!.bitrate})/Manifest(video,format=${format})`;
      expect(await frameHashes(url, '0:v:0'), `${format} ${v.rung.height}p`).toEqual(await frameHashes(`file:${v.file}`, '0:v:0'));
    }
    const audio = ladder.audio[0]!;
    const url =
      format === 'm3u8-aapl-v3'
        ? `${ism}/QualityLevels(${ladder.video[0]!.bitrate})/Manifest(video,format=${format})`
        : `${ism}/QualityLevels(${audio.bitrate})/Manifest(${audio.trackName},format=${format})`;
    expect(await frameHashes(url, '0:a:0', [], format === 'm3u8-cmaf' ? 'raw' : 'adts')).toEqual(await frameHashes(`file:${fx.audioFiles[0]!.file}`, '0:a:0', [], 'raw'));
  });

  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('DASH %s: every representation decodes to the source pictures, audio packets equal', async (format) => {
    const mpd = `${ism}/manifest(format=${format})`;
    const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', mpd])).stdout.toString());
    for (const v of fx.videoFiles) {
      const index = info.streams.findIndex((s: { width?: number }) => s.width === v.rung.width);
      expect(await frameHashes(mpd, `0:${index}`), `${format} ${v.rung.height}p`).toEqual(await frameHashes(`file:${v.file}`, '0:v:0'));
    }
    const audioIndex = info.streams.findIndex((s: { codec_type: string; tags?: { language?: string } }) => s.codec_type === 'audio' && s.tags?.language === 'eng');
    expect(await frameHashes(mpd, `0:${audioIndex}`, [], 'raw')).toEqual(await frameHashes(`file:${fx.audioFiles[0]!.file}`, '0:a:0', [], 'raw'));
  });
});

describe("an mp4split-style folder: ISMV/ISMA and mp4split's .ism dialect", () => {
  it('imports with its track names and bitrates and serves them frame-exact', async () => {
    const folder = path.join(dir, 'usp');
    const files = await fragmentedSet(fx, folder, 'ismv');
    const [video, audio] = [files.filter((f) => f.endsWith('.ismv')), files.filter((f) => f.endsWith('.isma'))];
    const param = (name: string, value: string | number) => `        <param name="${name}" value="${value}" valueType="data" />`;
    const ism = `<?xml version="1.0" encoding="utf-8"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="clientManifestRelativePath" content="usp.ismc" />
    <meta name="creator" content="Unified Streaming Platform (USP)" />
  </head>
  <body>
    <switch>
${audio.map((f, i) => `      <audio src="${path.basename(f)}" systemBitrate="${64000 + i}" systemLanguage="${fx.recipe.languages[i]}">\n${param('trackID', 1)}\n${param('trackName', `audio_${fx.recipe.languages[i]}`)}\n${param('FourCC', 'AACL')}\n      </audio>`).join('\n')}
${video.map((f, i) => `      <video src="${path.basename(f)}" systemBitrate="${fx.videoFiles[i]!.bitrate}">\n${param('trackID', 1)}\n${param('trackName', 'video')}\n${param('Subtype', 'AVC1')}\n      </video>`).join('\n')}
    </switch>
  </body>
</smil>
`;
    await writeFile(path.join(folder, 'usp.ism'), ism);
    const { sets } = await call('assets.importSet', { paths: [folder] });
    expect(sets.map((s) => [s.ladder.source, s.ladder.ismName, s.asset?.name])).toEqual([['ism', 'usp.ism', 'usp']]);
    expect(sets[0]!.ladder.audio.map((a) => [a.trackName, a.bitrate])).toEqual([['audio_eng', 64000], ['audio_fra', 64001]]);
    const locator = await call('locators.create', { assetId: sets[0]!.asset!.id, policyName: 'Predefined_ClearStreamingOnly' });
    const paths = await call('locators.paths', { id: locator.id });
    const base = `${paths.baseUrl}/${locator.id}/usp.ism`;
    const smooth = await (await fetch(`${base}/manifest`)).text();
    expect(smooth).toContain('Name="audio_eng"');
    const mpd = `${base}/manifest(format=mpd-time-cmaf)`;
    const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', mpd])).stdout.toString());
    const top = info.streams.findIndex((st: { width?: number }) => st.width === fx.videoFiles[0]!.rung.width);
    expect(await frameHashes(mpd, `0:${top}`)).toEqual(await frameHashes(`file:${fx.videoFiles[0]!.file}`, '0:v:0'));
  });
});


describe('a live archive: ISMV/ISMA whose times start at the event clock, not at 0', () => {
  // AMS live archives carry 10 MHz times of this order; 1.4e8 s also wraps the 33-bit TS clock.
  const START = 140_000_000;
  const T0 = START * 10_000_000;
  let base = '';
  let ladder: OperationOutput<'assets.importSet'>['sets'][number]['ladder'];
  let source: string[];

  beforeAll(async () => {
    const files = await fragmentedSet(fx, path.join(dir, 'live'), 'ismv', START);
    const { sets } = await call('assets.importSet', { paths: files, name: 'live' });
    ladder = sets[0]!.ladder;
    const locator = await call('locators.create', { assetId: sets[0]!.asset!.id, policyName: 'Predefined_ClearStreamingOnly' });
    const paths = await call('locators.paths', { id: locator.id });
    base = `${paths.baseUrl}${paths.streamingPaths.find((g) => g.protocol === 'SmoothStreaming')!.paths[0]!.replace(/\/manifest$/, '')}`;
    source = await frameHashes(`file:${fx.videoFiles[0]!.file}`, '0:v:0');
  });

  it('Smooth keeps the absolute times (so the archive\'s old Fragments URLs answer); Duration is the span', async () => {
    const { root, streams } = parseSmoothManifest(await (await fetch(`${base}/manifest`)).text());
    expect(Number(root.Duration)).toBeGreaterThanOrEqual(6 * 10_000_000);
    expect(Number(root.Duration)).toBeLessThan(6.1 * 10_000_000);
    const top = (streams[0]!.QualityLevel as Record<string, unknown>[]).findIndex((q) => q.MaxWidth === String(fx.videoFiles[0]!.rung.width));
    const video = await fetchSmoothTrack(`${base}/manifest`, streams[0]!, top);
    expect(video.manifestTimes[0]).toBe(T0);
    expect(video.tfxdTimes).toEqual(video.manifestTimes);
    const h264 = path.join(dir, 'live.h264');
    await writeFile(h264, video.elementary);
    expect(await frameHashes(`file:${h264}`, '0:v:0', ['-f', 'h264'])).toEqual(source);
  });

  it('DASH: presentationTimeOffset at the start so players begin at 0, the span as duration, ffmpeg finds the absolute start and the source pictures', async () => {
    for (const format of ['mpd-time-csf', 'mpd-time-cmaf']) {
      const mpd = `${base}/manifest(format=${format})`;
      const text = await (await fetch(mpd)).text();
      expect(text).toMatch(/mediaPresentationDuration="PT6\.\d+S"/);
      const offsets = [...text.matchAll(/presentationTimeOffset="(\d+)"/g)].map((m) => Number(m[1]));
      expect(offsets.length).toBeGreaterThan(0);
      for (const o of offsets) expect(T0 - o).toBeLessThan(10_000_000 / 10); // the start, audio priming aside
      const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', mpd])).stdout.toString());
      const top = info.streams.findIndex((s: { width?: number }) => s.width === fx.videoFiles[0]!.rung.width);
      expect(Number(info.streams[top].start_time), format).toBe(START);
      expect(await frameHashes(mpd, `0:${top}`), format).toEqual(source);
    }
  });

  it('HLS: segments last 6 s in all; TS runs on the wrapped 33-bit clock from the start + 10 s, CMAF from the start; frame-exact', async () => {
    for (const format of ['m3u8-aapl', 'm3u8-cmaf']) {
      const playlist = `${base}/QualityLevels(${ladder.video[0]!.bitrate})/Manifest(video,format=${format})`;
      const text = await (await fetch(playlist)).text();
      const total = [...text.matchAll(/#EXTINF:([\d.]+)/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(total, format).toBeCloseTo(6, 3);
      const info = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', playlist])).stdout.toString());
      const expected = format === 'm3u8-aapl' ? (((START + 10) * 90_000) % 2 ** 33) / 90_000 : START;
      expect(Number(info.streams[0].start_time), format).toBeCloseTo(expected, 3);
      expect(await frameHashes(playlist, '0:v:0'), format).toEqual(source);
    }
  });
});
