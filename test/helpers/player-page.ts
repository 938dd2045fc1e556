import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { listen, staticHandler } from './static-server.ts';
import { createReadStream } from 'node:fs';

const root = fileURLToPath(new URL('../e2e/players', import.meta.url));
const modules = fileURLToPath(new URL('../../node_modules', import.meta.url));

const VENDOR: Record<string, string> = {
  'shaka-player.compiled.js': 'shaka-player/dist/shaka-player.compiled.js',
  'dash.all.min.js': 'dashjs/dist/modern/umd/dash.all.min.js',
  'dash.mss.min.js': 'dashjs/dist/modern/umd/dash.mss.min.js',
  'hls.min.js': 'hls.js/dist/hls.min.js',
};

export type PlayerName = 'shaka' | 'dashjs' | 'hlsjs';

export interface PlaybackReport {
  readonly currentTime: number;
  readonly totalVideoFrames: number;
  readonly droppedVideoFrames: number;
  readonly audioDecodedBytes: number;
  /** Video heights seen on screen during the run (a switch shows two). */
  readonly heights: readonly number[];
  readonly variants: readonly { height?: number; bandwidth: number }[];
  readonly errors: readonly string[];
  /** load() to the first `playing` event; null if it never played. */
  readonly startupMs: number | null;
}

/**
 * Serves the player harness page (shaka-player, dash.js + MSS, hls.js from node_modules) on its own
 * port, so the stream is cross-origin as it is for real users of the origin.
 */
export async function startPlayerPage() {
  return listen(
    staticHandler(root, (req, res) => {
      const name = (req.url ?? '').replace(/^\/vendor\//, '');
      const rel = VENDOR[name];
      if (!rel) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/javascript' });
      createReadStream(path.join(modules, rel)).pipe(res);
    }),
  );
}

export async function play(
  browser: Browser,
  pageUrl: string,
  args: { player: PlayerName; url: string; mimeType?: string; seconds?: number },
): Promise<PlaybackReport & { console: string[] }> {
  const page: Page = await browser.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleLines.push(m.text());
  });
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  try {
    await page.goto(`${pageUrl}/player.html`);
    const report = (await page.evaluate((a) => (globalThis as any).runPlayer(a), args)) as PlaybackReport;
    return { ...report, console: consoleLines };
  } finally {
    await page.close();
  }
}
