/**
 * Issue 4/5 extras in Chromium, web mode: the encode dialog offers the encoders detected on this
 * machine (software selected, hardware ones that failed their trial disabled with the reason), and
 * after the encode the asset view's thumbnail scrubber shows the sprite frame under the pointer.
 * Screenshots land in test-results/studio-ui-extras/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { makeClip } from '../studio-ui/make-clip.ts';
import { startStudioWeb, type StudioWeb } from '../studio-ui/studio-web.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/studio-ui-extras');

describe('encoder choice and thumbnail scrubber in Chromium (web mode)', () => {
  let dir: string;
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const assetCard = (name: string) => page.locator(`[data-testid="asset-card"][data-asset-name="${name}"]`);
  const openAsset = async (name: string) => {
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await assetCard(name).click();
    await expect.poll(() => page.locator('#asset-title').textContent()).toBe(name);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-extras-'));
    await mkdir(SHOTS, { recursive: true });
    // 6 s with 2 s GOPs: three sprite tiles.
    const clip = await makeClip(dir, 'scrub.mp4', { seconds: 6, size: '320x180', languages: ['eng'] });
    [app, browser] = await Promise.all([startStudioWeb(path.join(dir, 'library')), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.web.url);
    await page.getByTestId('app-info').waitFor({ timeout: 15_000 });
    await page.getByTestId('import-input').setInputFiles(clip);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the encode dialog lists the encoders, software selected, unavailable hardware disabled with its reason', async () => {
    await expect.poll(() => assetCard('scrub').count()).toBe(1);
    await openAsset('scrub');
    await page.getByRole('button', { name: 'Encode…' }).click();
    const dialog = page.getByTestId('encode-dialog');
    const select = dialog.getByTestId('encoder-select');
    // Detection finishes (trial encodes), then the reasons are listed.
    await expect.poll(() => dialog.getByTestId('encoder-reasons').count(), { timeout: 30_000 }).toBe(1);
    expect(await select.inputValue()).toBe('libx264');
    const options = await select.locator('option').evaluateAll((els) =>
      els.map((o) => ({ value: (o as any).value as string, disabled: (o as any).disabled as boolean, title: (o as any).title as string })),
    );
    expect(options.map((o) => o.value)).toEqual(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf']);
    expect(options[0]).toMatchObject({ disabled: false });
    const nvenc = options.find((o) => o.value === 'h264_nvenc');
    expect(nvenc?.disabled).toBe(true);
    expect(nvenc?.title).toMatch(/\S{6}/);
    expect(await dialog.getByTestId('encoder-reasons').textContent()).toContain(`NVIDIA NVENC: ${nvenc?.title}`);
    await shot('01-encode-dialog-encoders');

    await dialog.getByRole('button', { name: 'Add to queue' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'AdaptiveStreaming' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 90_000 }).toBe('Finished');
    const jobs = await app.studio.handlers['jobs.list']({});
    expect(jobs[0]?.videoEncoder).toBeNull();
  });

  it('the asset view scrubber shows the frame under the pointer and steps cues with the arrow keys', async () => {
    await openAsset('scrub (AdaptiveStreaming)');
    const scrubber = page.getByTestId('thumbnail-scrubber');
    await scrubber.waitFor({ timeout: 15_000 });
    const frame = scrubber.getByTestId('scrubber-frame');
    const bar = scrubber.getByTestId('scrubber-bar');
    const position = () => frame.evaluate((el) => (el as any).style.backgroundPosition as string);
    expect(await frame.evaluate((el) => (el as any).style.backgroundImage as string)).toMatch(/^url\("data:image\/jpeg;base64,/);

    const box = await bar.boundingBox();
    if (!box) throw new Error('scrubber bar not laid out');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 2, y);
    const first = await position();
    expect(await scrubber.getByTestId('scrubber-time').textContent()).toMatch(/^0:00\.\d \/ 0:06\.0 · frame 1 of 3$/);
    await page.mouse.move(box.x + box.width * 0.5, y);
    const middle = await position();
    await page.mouse.move(box.x + box.width - 2, y);
    const last = await position();
    expect(new Set([first, middle, last]).size).toBe(3);
    expect(await scrubber.getByTestId('scrubber-time').textContent()).toContain('frame 3 of 3');
    await shot('02-scrubber-end');

    await bar.focus();
    await page.keyboard.press('Home');
    expect(await position()).toBe(first);
    await page.keyboard.press('ArrowRight');
    expect(await position()).toBe(middle);
    expect(await bar.getAttribute('aria-valuetext')).toBe('0:02.0');
    await page.keyboard.press('ArrowLeft');
    expect(await position()).toBe(first);
    expect(pageErrors).toEqual([]);
  });
});
