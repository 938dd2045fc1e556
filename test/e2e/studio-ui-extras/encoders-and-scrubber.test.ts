/**
 * Issue 4/5/14 extras in Chromium, web mode: the encode dialog offers the encoders detected on this
 * machine (software selected, hardware ones that failed their trial disabled with the reason) and a
 * quality measurement; after the encode the asset view's thumbnail scrubber shows the sprite frame
 * under the pointer, and its bitrate–quality plot (chart.js) shows the stored rungs.
 * Screenshots land in test-results/studio-ui-extras/.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { assetCard as studioAssetCard, openAsset as openStudioAsset, openStudioPage } from '../../helpers/studio-page.ts';
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
  const assetCard = (name: string) => studioAssetCard(page, name);
  const openAsset = (name: string) => openStudioAsset(page, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-extras-'));
    await mkdir(SHOTS, { recursive: true });
    // 6 s with 2 s GOPs: three sprite tiles; 360 lines: three rungs (points on the quality plot).
    const clip = await makeClip(dir, 'scrub.mp4', { seconds: 6, size: '640x360', languages: ['eng'] });
    [app, browser] = await Promise.all([startStudioWeb(path.join(dir, 'library')), launchChromium()]);
    page = await openStudioPage(browser, app.web.url, { viewport: { width: 1280, height: 900 }, errors: pageErrors });
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
    // In plain words (ffmpeg's message stays the tooltip): no NVIDIA GPU here, or an ffmpeg without NVENC.
    expect(await dialog.getByTestId('encoder-reasons').textContent()).toMatch(/NVENC: (no NVIDIA GPU found|this ffmpeg was built without it)/);
    await shot('01-encode-dialog-encoders');

    // Off by default for AdaptiveStreaming (on for content-aware presets).
    const measure = dialog.getByTestId('measure-quality');
    expect(await measure.isChecked()).toBe(false);
    await measure.check();
    await dialog.getByRole('button', { name: 'Add to queue' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'AdaptiveStreaming' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 90_000 }).toBe('Finished');
    const jobs = await app.studio.handlers['jobs.list']({});
    expect(jobs[0]?.videoEncoder).toBeNull();
    expect(jobs[0]?.measureQuality).toBe(true);
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

  it('the asset view plots each rung at its measured bitrate against its PSNR and SSIM (chart.js)', async () => {
    await openAsset('scrub (AdaptiveStreaming)');
    const section = page.getByTestId('quality-chart');
    const plot = section.getByTestId('quality-plot');
    await plot.waitFor({ timeout: 15_000 });
    const asset = (await app.studio.handlers['assets.list']({})).find((a) => a.name === 'scrub (AdaptiveStreaming)');
    const stored = await app.studio.handlers['assets.show']({ id: asset!.id, quality: true });
    expect(stored.rungs?.length).toBe(3);
    // The table under the plot shows the stored numbers, rung by rung.
    const rows = await section.getByTestId('quality-table').locator('tbody tr').allTextContents();
    expect(rows).toEqual(stored.rungs!.map((r) => `${r.resolution}${r.measuredKbps}${r.targetKbps}${r.psnr!.toFixed(2)}${r.ssim!.toFixed(4)}—`));
    expect(await section.getByTestId('quality-note').textContent()).toMatch(/no libvmaf filter.*VMAF is not measured/);
    // The canvas is drawn by chart.js (a Chart instance on it) with one point per rung, and is not blank.
    const drawn = await plot.evaluate((canvas) => {
      const c = canvas as any;
      const ctx = c.getContext('2d');
      const pixels = ctx.getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
      return { painted, width: c.width, height: c.height };
    });
    expect(drawn.painted).toBeGreaterThan(2000);
    expect(await plot.getAttribute('aria-label')).toContain(`${stored.rungs![0]!.resolution} ${stored.rungs![0]!.measuredKbps} kb/s PSNR`);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SHOTS, '03-quality-plot.png') });
    expect(pageErrors).toEqual([]);
  });

  it('imports an AMS StandardEncoderPreset file in the encode dialog (a bad field named by its path) and exports it back', async () => {
    const M = '#Microsoft.Media.';
    const preset = {
      '@odata.type': `${M}StandardEncoderPreset`,
      codecs: [
        { '@odata.type': `${M}AacAudio`, channels: 2, bitrate: 96000 },
        { '@odata.type': `${M}H264Video`, layers: [{ height: '180', bitrate: 300000, label: 'SD' }] },
      ],
      formats: [{ '@odata.type': `${M}Mp4Format`, filenamePattern: '{Basename}-{Label}{Extension}' }],
    };
    const bad = structuredClone(preset) as any;
    bad.codecs[1].layers[0].slices = 4;
    await writeFile(path.join(dir, 'bad-preset.json'), JSON.stringify(bad));
    await writeFile(path.join(dir, 'Small ladder.json'), JSON.stringify(preset));
    await openAsset('scrub');
    await page.getByRole('button', { name: 'Encode…' }).click();
    const dialog = page.getByTestId('encode-dialog');
    await dialog.getByTestId('transform-import-input').setInputFiles(path.join(dir, 'bad-preset.json'));
    await expect.poll(() => dialog.getByTestId('transform-file-error').textContent()).toContain('codecs[1].layers[0].slices');
    await dialog.getByTestId('transform-import-input').setInputFiles(path.join(dir, 'Small ladder.json'));
    await expect.poll(() => dialog.getByRole('radio', { name: /Small ladder/ }).isChecked()).toBe(true);
    await shot('04-imported-ams-preset');
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export as AMS preset' }).click()]);
    expect(file.suggestedFilename()).toBe('Small_ladder.preset.json');
    const exported = JSON.parse(await readFile((await file.path())!, 'utf8')) as typeof preset;
    expect(exported.formats[0]?.filenamePattern).toBe('{Basename}-{Label}{Extension}');
    expect((exported.codecs[1] as { layers: unknown[] }).layers).toEqual([{ height: '180', label: 'SD', bitrate: 300000 }]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
