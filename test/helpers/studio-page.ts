/**
 * The studio's web UI in Chromium, as the e2e suites drive it: a page opened on the app (or on one
 * asset's view), an asset opened from the library, a format played in the asset view's player.
 */
import { expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';

export interface StudioPageOptions {
  readonly viewport: { readonly width: number; readonly height: number };
  /** Uncaught page errors are pushed here (the suites check it stays empty). */
  readonly errors: string[];
  /** A browser context of its own (axe's Playwright builder needs one). */
  readonly ownContext?: boolean;
  /** Open this asset's view (ready when its title shows) instead of the library (ready when the app info shows). */
  readonly asset?: { readonly id: string; readonly name: string };
  /** Runs before the page loads (listeners, init scripts). */
  readonly prepare?: (page: Page) => void | Promise<void>;
}

/** A new page on the studio UI at `url` (web mode's URL with its token), loaded and ready. */
export async function openStudioPage(browser: Browser, url: string, options: StudioPageOptions): Promise<Page> {
  const page = options.ownContext ? await (await browser.newContext({ viewport: options.viewport })).newPage() : await browser.newPage({ viewport: options.viewport });
  page.on('pageerror', (e) => options.errors.push(e.message));
  await options.prepare?.(page);
  if (options.asset) {
    await page.goto(`${url}#asset/${encodeURIComponent(options.asset.id)}`);
    await page.locator('#asset-title', { hasText: options.asset.name }).waitFor({ timeout: 15_000 });
  } else {
    await page.goto(url);
    await page.getByTestId('app-info').waitFor({ timeout: 15_000 });
  }
  return page;
}

/** An asset's card in the library. */
export function assetCard(page: Page, name: string): Locator {
  return page.locator(`[data-testid="asset-card"][data-asset-name="${name}"]`);
}

/** Opens an asset as a user does: Library, its card, until its view shows its name. */
export async function openAsset(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await assetCard(page, name).click();
  await expect.poll(() => page.locator('#asset-title').textContent()).toBe(name);
}

/** The asset view player's stats (data-time, data-frames, data-errors). */
export function playerStats(page: Page): Locator {
  return page.locator('[data-testid="format-player"] [data-testid="player-stats"]');
}

/** Picks a format's tab in the asset view and waits until it has played `seconds` with no player error shown. */
export async function playsInTab(page: Page, format: string, seconds: number): Promise<void> {
  await page.getByTestId(`tab-${format}`).click();
  await expect
    .poll(async () => ({ time: Number(await playerStats(page).getAttribute('data-time')) >= seconds, errors: await page.getByTestId('player-error').allTextContents() }), {
      timeout: 30_000,
    })
    .toEqual({ time: true, errors: [] });
}
