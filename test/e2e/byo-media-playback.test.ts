/**
 * Bring-your-own media in real players, headless Chromium (one browser): what its MSE can decode
 * (MediaSource.isTypeSupported for the codecs of issue 16), shaka-player playing an imported AV1 + Opus
 * asset in DASH CMAF and HLS CMAF, and dash.js (MSS) playing Smooth from an ISMV set made with ffmpeg's
 * ismv muxer and from a CMAF track set; explicitly signalled HE-AAC (mp4a.40.5) in shaka (DASH CMAF)
 * and dash.js (Smooth AACH). HEVC, AC-3 and E-AC-3 do not decode in this Chromium build:
 * ffmpeg is their client (test/conformance/abr-set/codecs.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/studio.ts';
import { launchChromium } from '../helpers/browser.ts';
import { play, startPlayerPage } from '../helpers/player-page.ts';
import { byoFixture, codecRenditions, explicitHeAac, fragmentedSet } from '../helpers/set-fixtures.ts';
import { corpusFile } from '../helpers/corpus.ts';
import { openTestStudio, studioCalls } from '../helpers/test-studio.ts';

const HLS = 'application/x-mpegurl';
const DASH = 'application/dash+xml';
let dir = '';
let studio: Studio;
let browser: Browser;
let page: Awaited<ReturnType<typeof startPlayerPage>>;
const ism: Record<'av1' | 'ismv' | 'cmaf' | 'heaac', string> = { av1: '', ismv: '', cmaf: '', heaac: '' };

const { call } = studioCalls(() => studio);

async function publish(files: string[], name: string): Promise<string> {
  const { sets } = await call('assets.importSet', { paths: files, name });
  const locator = await call('locators.create', { assetId: sets[0]!.asset!.id, policyName: 'Predefined_ClearStreamingOnly' });
  const paths = await call('locators.paths', { id: locator.id });
  const any = paths.streamingPaths.flatMap((g) => g.paths)[0]!;
  return `${paths.baseUrl}${any.replace(/\/manifest(\(.*\))?$/, '')}`;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'byo-playback-'));
  const fx = await byoFixture();
  const [codecs, ismv, cmaf] = await Promise.all([
    codecRenditions(path.join(dir, 'codecs')),
    fragmentedSet(fx, path.join(dir, 'ismv'), 'ismv'),
    fragmentedSet(fx, path.join(dir, 'cmaf'), 'cmaf'),
  ]);
  studio = await openTestStudio(dir, { serve: true });
  ism.av1 = await publish([codecs.av1, codecs.opus], 'av1');
  ism.ismv = await publish(ismv, 'ismv');
  ism.cmaf = await publish(cmaf, 'cmaf');
  ism.heaac = await publish([await explicitHeAac(corpusFile('DERIVED_remux_heaac_from_ts.m4a'), path.join(dir, 'heaac', 'heaac.m4a'))], 'heaac');
  page = await startPlayerPage();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await page?.close();
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bring your own media in Chromium', () => {
  it('MSE: AV1 and Opus decode here; HEVC, AC-3 and E-AC-3 do not (ffmpeg proves those)', async () => {
    const p = await browser.newPage();
    try {
      await p.goto(`${page.url}/player.html`);
      const types = {
        'video/mp4; codecs="av01.0.00M.08"': true,
        'audio/mp4; codecs="opus"': true,
        'video/mp4; codecs="avc1.64001f"': true,
        'video/mp4; codecs="hvc1.1.6.L60.90"': false,
        'video/mp4; codecs="hev1.1.6.L60.90"': false,
        'audio/mp4; codecs="ac-3"': false,
        'audio/mp4; codecs="ec-3"': false,
      };
      const supported = await p.evaluate((list) => {
        const mse = (globalThis as unknown as { MediaSource: { isTypeSupported(type: string): boolean } }).MediaSource;
        return Object.fromEntries(list.map((t) => [t, mse.isTypeSupported(t)]));
      }, Object.keys(types));
      console.log('MediaSource.isTypeSupported in headless Chromium:', supported);
      expect(supported).toEqual(types);
    } finally {
      await p.close();
    }
  });

  it.each([
    ['DASH CMAF', 'manifest(format=mpd-time-cmaf)', DASH],
    ['HLS CMAF', 'manifest(format=m3u8-cmaf)', HLS],
  ])('shaka plays AV1 + Opus in %s', async (_name, tail, mimeType) => {
    const report = await play(browser, page.url, { player: 'shaka', url: `${ism.av1}/${tail}`, mimeType, seconds: 3 });
    expect(report.errors).toEqual([]);
    expect(report.currentTime).toBeGreaterThanOrEqual(3);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
    expect(report.heights).toEqual([180]);
  });

  it.each([
    ['shaka', 'DASH CMAF', 'manifest(format=mpd-time-cmaf)', DASH],
    ['dashjs', 'Smooth (AACH)', 'manifest', undefined],
  ] as const)('%s plays explicitly signalled HE-AAC (mp4a.40.5) in %s', async (player, _name, tail, mimeType) => {
    const report = await play(browser, page.url, { player, url: `${ism.heaac}/${tail}`, ...(mimeType && { mimeType }), seconds: 2 });
    expect(report.errors).toEqual([]);
    expect(report.currentTime).toBeGreaterThanOrEqual(2);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
  });

  it.each(['ismv', 'cmaf'] as const)('dash.js plays Smooth from the %s sources with a rendition switch', async (kind) => {
    const report = await play(browser, page.url, { player: 'dashjs', url: `${ism[kind]}/manifest`, seconds: 4 });
    expect(report.errors).toEqual([]);
    expect(report.currentTime).toBeGreaterThanOrEqual(4);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
    expect(report.heights).toEqual([90, 180]);
  });
});
