/**
 * The README's headless main job, end to end: `origin-studio demo --json` (a real process) makes,
 * encodes, publishes and serves a sample; every one of the six URLs it prints plays in Chromium
 * (shaka-player for HLS and DASH, dash.js + MSS for Smooth), with a rendition switch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { play, startPlayerPage, type PlayerName } from '../helpers/player-page.ts';

const cli = new URL('../../electron/cli.ts', import.meta.url).pathname;

const players: Record<string, { player: PlayerName; mime?: string }> = {
  'hls-v4': { player: 'shaka', mime: 'application/x-mpegurl' },
  'hls-v3': { player: 'shaka', mime: 'application/x-mpegurl' },
  'hls-cmaf': { player: 'shaka', mime: 'application/x-mpegurl' },
  'dash-csf': { player: 'shaka', mime: 'application/dash+xml' },
  'dash-cmaf': { player: 'shaka', mime: 'application/dash+xml' },
  smooth: { player: 'dashjs' },
};

describe('origin-studio demo', () => {
  let demo: ChildProcess;
  let urls: Record<string, string> = {};
  let browser: Browser;
  let page: Awaited<ReturnType<typeof startPlayerPage>>;

  beforeAll(async () => {
    demo = spawn(process.execPath, [cli, 'demo', '--json', '--duration', '8', '--size', '640x360', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: demo.stdout! })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('demo printed nothing');
    urls = (JSON.parse(first.value) as { urls: Record<string, string> }).urls;
    page = await startPlayerPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    demo?.kill('SIGINT');
  });

  it('prints the six URLs', () => {
    expect(Object.keys(urls).sort()).toEqual(Object.keys(players).sort());
  });

  it.each(Object.keys(players))('%s plays', async (name) => {
    const { player, mime } = players[name]!;
    const report = await play(browser, page.url, { player, url: urls[name]!, mimeType: mime, seconds: 4 });
    expect(report.errors).toEqual([]);
    expect(report.currentTime).toBeGreaterThanOrEqual(4);
    expect(report.totalVideoFrames).toBeGreaterThan(0);
    expect(report.audioDecodedBytes).toBeGreaterThan(0);
    expect(report.heights.length).toBeGreaterThanOrEqual(2);
  });
});
