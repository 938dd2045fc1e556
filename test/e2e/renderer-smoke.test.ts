import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { RENDERER_DIST } from '../helpers/build-renderer.ts';
import { listen, staticHandler } from '../helpers/static-server.ts';

// The renderer build in headless Chromium, with the contract served over HTTP as web mode will.
describe('renderer in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    browser = await launchChromium();
    site = await listen(
      staticHandler(RENDERER_DIST, (req, res) => {
        if (req.method === 'POST' && req.url === '/api/app.info') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, value: { name: 'Origin Studio', version: '0.1.0', host: 'web' } }));
          return;
        }
        res.writeHead(404).end();
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('renders the app and reaches the studio through the typed client', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/?token=test`);
    await expect.poll(() => page.getByTestId('app-info').textContent()).toContain('Origin Studio 0.1.0 (web)');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Origin Studio');
    expect(errors).toEqual([]);
  });
});
