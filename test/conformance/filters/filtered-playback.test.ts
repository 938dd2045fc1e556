/**
 * A time-range filter in a real player: shaka-player in headless Chromium plays the 4–8 s filtered
 * DASH of abrFixture(), fetching media from the 4 s fragment on and nothing before it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../../helpers/browser.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { failedRequests, startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { play, startPlayerPage } from '../../helpers/player-page.ts';

const S = 10_000_000;

describe.skipIf(!hasChromium())('filtered playback in Chromium', () => {
  let browser: Browser;
  let origin: TestOrigin;
  let page: Awaited<ReturnType<typeof startPlayerPage>>;

  beforeAll(async () => {
    origin = await startTestOrigin(await abrFixture(), { filters: { mid: { presentationTimeRange: { startTimestamp: 4 * S, endTimestamp: 8 * S } } } });
    page = await startPlayerPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await origin?.close();
  });

  it('shaka plays filtered DASH from the 4 s fragment to the end of the range', async () => {
    const url = `${origin.ismUrl}/manifest(format=mpd-time-cmaf,filter=mid)`;
    const report = await play(browser, page.url, { player: 'shaka', url, mimeType: 'application/dash+xml', seconds: 3.5 });
    const failing = failedRequests(origin);
    expect({ errors: report.errors, failing }).toEqual({ errors: [], failing: [] });
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    const videoTimes = origin.log
      .map((e) => /Fragments\(video=(\d+),/.exec(e.path)?.[1])
      .filter((t): t is string => t !== undefined)
      .map(Number);
    // Playback starts at the range start: the first media fetched is the 4 s fragment, none before it.
    expect(videoTimes[0]).toBe(4 * S);
    expect(Math.min(...videoTimes)).toBe(4 * S);
    expect(Math.max(...videoTimes)).toBe(6 * S);
    // DASH rebases the filtered Period on presentationTimeOffset (as AMS did): the player's clock runs
    // over the 4 s the filter kept.
    console.log(`filtered DASH: currentTime ${report.currentTime}, frames ${report.totalVideoFrames}, startup ${report.startupMs} ms`);
    expect(report.currentTime).toBeGreaterThanOrEqual(3.5);
    expect(report.currentTime).toBeLessThanOrEqual(4.1);
  });
});
