/**
 * Real players in headless Chromium against the origin (browser-playback.md): shaka-player 5 plays
 * HLS v4, HLS v3, HLS CMAF, DASH CSF and DASH CMAF; dash.js with its MSS plugin plays Smooth (shaka 5
 * removed Smooth); hls.js plays the three HLS flavours. Each run: time advances past 5 s, frames and
 * audio are decoded, no player error, and a forced switch shows two renditions on screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { abrFixture } from '../helpers/fixtures.ts';
import { failedRequests, startTestOrigin, type TestOrigin } from '../helpers/origin-server.ts';
import { play, startPlayerPage, type PlayerName } from '../helpers/player-page.ts';

const HLS = 'application/x-mpegurl';
const DASH = 'application/dash+xml';

const cases: { player: PlayerName; tail: string; mime?: string }[] = [
  { player: 'shaka', tail: 'manifest(format=m3u8-aapl)', mime: HLS },
  { player: 'shaka', tail: 'manifest(format=m3u8-aapl-v3)', mime: HLS },
  { player: 'shaka', tail: 'manifest(format=m3u8-cmaf)', mime: HLS },
  { player: 'shaka', tail: 'manifest(format=mpd-time-csf)', mime: DASH },
  { player: 'shaka', tail: 'manifest(format=mpd-time-cmaf)', mime: DASH },
  { player: 'dashjs', tail: 'manifest' },
  { player: 'hlsjs', tail: 'manifest(format=m3u8-aapl)' },
  { player: 'hlsjs', tail: 'manifest(format=m3u8-aapl-v3)' },
  { player: 'hlsjs', tail: 'manifest(format=m3u8-cmaf)' },
];

describe('playback in Chromium', () => {
  let browser: Browser;
  let origin: TestOrigin;
  let page: Awaited<ReturnType<typeof startPlayerPage>>;

  beforeAll(async () => {
    const fx = await abrFixture();
    origin = await startTestOrigin(fx);
    page = await startPlayerPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await origin?.close();
  });

  it.each(cases)('$player plays $tail with a rendition switch', async ({ player, tail, mime }) => {
    const url = `${origin.ismUrl}/${tail}`;
    const report = await play(browser, page.url, { player, url, mimeType: mime, seconds: 5 });
    const failing = failedRequests(origin);
    expect({ errors: report.errors, failing }).toEqual({ errors: [], failing: [] });
    expect(report.currentTime).toBeGreaterThanOrEqual(5);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
    expect(report.heights.length, `heights seen: ${report.heights.join(',')}`).toBeGreaterThanOrEqual(2);
    console.log(`${player} ${tail}: startup ${report.startupMs} ms, heights ${report.heights.join('/')}, frames ${report.totalVideoFrames}`);
  });

  // fMP4 signals B-frame reordering and AAC priming with an edit list (not negative composition
  // offsets, which ffmpeg mistimes): Chromium must apply it, or video would start 2 frames late.
  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('Chromium MSE applies the init segment edit lists of %s: audio and video both start at 0', async (format) => {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(`${page.url}/player.html`);
      const starts = (await tab.evaluate((u) => (globalThis as any).bufferedStarts(u), `${origin.ismUrl}/manifest(format=${format})`)) as Record<string, number>;
      expect(starts['video']).toBeCloseTo(0, 3);
      expect(starts['audio']).toBeCloseTo(0, 3);
    } finally {
      await context.close();
    }
  });
});
