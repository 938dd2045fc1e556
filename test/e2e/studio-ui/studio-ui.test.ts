/**
 * The studio UI end to end in Chromium, web mode: a user imports (file chooser and drop), saves a
 * custom ladder and encodes with it, publishes, plays all six formats in the embedded players, cancels
 * a running job, is told off for a non-media file, reloads the page and restarts the studio without
 * losing anything. Screenshots land in test-results/studio-ui/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { launchChromium } from '../../helpers/browser.ts';
import { assetCard as studioAssetCard, openAsset as openStudioAsset, openStudioPage } from '../../helpers/studio-page.ts';
import { makeClip } from './make-clip.ts';
import { startStudioWeb, type StudioWeb } from './studio-web.ts';

// STUDIO_UI_SHOTS puts the screenshots elsewhere (e.g. a folder under /tmp to look at them).
const SHOTS = process.env.STUDIO_UI_SHOTS ?? path.resolve(import.meta.dirname, '../../../test-results/studio-ui');
const FORMATS = ['hls-v4', 'hls-v3', 'hls-cmaf', 'dash-csf', 'dash-cmaf', 'smooth'] as const;
const LADDER = 'E2E two rungs';

describe('studio UI in Chromium (web mode)', () => {
  let dir: string;
  let library: string;
  let clip: string;
  let longClip: string;
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const assetCard = (name: string) => studioAssetCard(page, name);
  const openPage = async (url: string) => {
    page = await openStudioPage(browser, url, { viewport: { width: 1280, height: 800 }, errors: pageErrors, ownContext: true });
  };
  const openAsset = (name: string) => openStudioAsset(page, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-'));
    library = path.join(dir, 'library');
    await mkdir(SHOTS, { recursive: true });
    [clip, longClip] = await Promise.all([
      makeClip(dir, 'clip-a.mp4', { seconds: 5, size: '640x360', languages: ['eng', 'fra'] }),
      makeClip(dir, 'long-clip.mp4', { seconds: 30, size: '1280x720', languages: ['eng'] }),
    ]);
    [app, browser] = await Promise.all([startStudioWeb(library), launchChromium()]);
    await openPage(app.web.url);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports a file through the file chooser', async () => {
    await page.getByTestId('import-input').setInputFiles(clip);
    await expect.poll(() => assetCard('clip-a').count(), { timeout: 15_000 }).toBe(1);
    expect(await assetCard('clip-a').textContent()).toContain('0:05');
    // A source's poster: a frame the studio took with ffmpeg at import.
    await expect.poll(() => assetCard('clip-a').locator('img[src^="data:image/jpeg"]').count()).toBe(1);
    expect((await app.studio.handlers['assets.list']({})).map((a) => a.name)).toEqual(['clip-a']);
  });

  it('imports a file dropped on the window', async () => {
    const bytes = (await readFile(clip)).toString('base64');
    // Runs in the page (this project has no DOM types, hence `any`): a real DataTransfer holding a
    // File made from the clip's bytes, dispatched as the browser dispatches a drag and drop.
    await page.evaluate(async (b64) => {
      const w = globalThis as any;
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new w.DataTransfer();
      dt.items.add(new File([data], 'dropped.mp4', { type: 'video/mp4' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        w.document.body.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    }, bytes);
    await expect.poll(() => assetCard('dropped').count(), { timeout: 15_000 }).toBe(1);
    const dropped = (await app.studio.handlers['assets.list']({})).find((a) => a.name === 'dropped');
    // Web mode uploads the bytes into the library, then imports that copy.
    expect(dropped?.sourceFile?.startsWith(app.studio.catalog.layout.uploadsDir)).toBe(true);
    expect(dropped?.mediaInfo?.audio.map((a) => a.language)).toEqual(['eng', 'fra']);
    await shot('01-library');
  });

  it('saves a custom two-rung ladder in the encode dialog and encodes to 100 %', async () => {
    await openAsset('clip-a');
    await page.getByRole('button', { name: 'Encode…' }).click();
    const dialog = page.getByTestId('encode-dialog');
    await expect.poll(() => dialog.getByTestId('ladder-table').textContent()).toContain('kb/s');
    await dialog.getByRole('button', { name: 'New custom ladder…' }).click();
    await dialog.getByLabel('Ladder name').fill(LADDER);
    await dialog.getByRole('button', { name: 'Save ladder' }).click();
    await expect.poll(() => dialog.locator('.preset.selected').textContent()).toContain(LADDER);
    // 800 + 400 kb/s video, two 128 kb/s languages, 5 s: (1200 + 256) × 5 / 8 = 910 KB.
    await expect.poll(() => dialog.getByTestId('estimate').textContent()).toBe('910.0 KB');
    await expect.poll(() => dialog.getByTestId('ladder-table').textContent()).toContain('640×360');
    await shot('02-encode-dialog');
    await dialog.getByRole('button', { name: 'Add to queue' }).click();
    const job = page.getByTestId('job').filter({ hasText: LADDER });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 90_000 }).toBe('Finished');
    expect(await job.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await job.getByTestId('job-percent').textContent()).toBe('100.0 %');
    // The job's whole log: what was asked, what ran, what came out — with a Copy button.
    await job.getByRole('button', { name: 'Log' }).click();
    const log = job.getByTestId('job-log');
    await expect.poll(() => log.locator('pre').textContent()).toContain('[studio] finished after');
    const text = (await log.locator('pre').textContent()) ?? '';
    for (const step of ['[studio] probe: ', '[studio] plan: rung 640x360', '[studio] ffmpeg command: ', 'Stream mapping:', '[studio] verify: ']) expect(text).toContain(step);
    expect(await log.getByRole('button', { name: /Copy log/ }).count()).toBe(1);
    await job.getByRole('button', { name: 'Hide log' }).click();
    // The plan beside what came out: each rung's planned and measured bitrate and its file's size.
    await job.getByRole('button', { name: 'Plan vs result' }).click();
    const result = job.getByTestId('job-result');
    await expect.poll(() => result.getByTestId('job-result-rung').count()).toBe(2);
    const outputId = (await app.studio.handlers['jobs.list']({})).find((j) => j.transformName === LADDER)?.outputAssetId ?? '';
    const stored = (await app.studio.handlers['assets.show']({ id: outputId, quality: true })).rungs ?? [];
    expect(stored.map((r) => r.targetKbps)).toEqual([800, 400]);
    expect(await result.getByTestId('job-result-measured').allTextContents()).toEqual(stored.map((r) => `${r.measuredKbps} kb/s`));
    expect(await result.getByTestId('job-result-total').textContent()).toMatch(/^Output \d[\d.]* [KM]B in 4 files · estimated 910\.0 KB$/);
    await job.getByRole('button', { name: 'Hide result' }).click();
  });

  it('publishes the encoded asset and plays all six formats in the embedded players', async () => {
    const output = `clip-a (${LADDER})`;
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    // The encoder's poster, shown before any locator exists (assets.files sends it as a data URL).
    await expect.poll(() => assetCard(output).locator('img[src^="data:image/jpeg"]').count()).toBe(1);
    expect(await assetCard(output).textContent()).toContain('2 video rungs 240p–360p · 2 audio (eng/fra)');
    expect(await assetCard('clip-a').locator('.badge').first().textContent()).toBe('Imported');
    await openAsset(output);
    await expect.poll(() => page.getByTestId('asset-duration').textContent()).toBe('0:05');
    await expect.poll(() => page.getByTestId('ladder-chart').locator('rect').count()).toBe(2);
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByTestId('locator-dialog');
    await dialog.getByRole('combobox').selectOption('Predefined_DownloadAndClearStreaming');
    await dialog.getByRole('button', { name: '+1 year' }).click();
    await dialog.getByRole('button', { name: 'Create locator' }).click();
    await expect.poll(() => page.getByTestId('url').count()).toBeGreaterThanOrEqual(6 + 4);
    const stored = (await app.studio.handlers['assets.show']({ id: (await app.studio.handlers['assets.list']({})).find((a) => a.name === output)?.id ?? '', quality: true })).rungs ?? [];
    const urls = await page.getByTestId('url').allTextContents();
    expect(urls.filter((u) => u.includes('.ism/manifest'))).toHaveLength(6);

    for (const format of FORMATS) {
      await page.getByTestId(`tab-${format}`).click();
      const stats = page.locator(`[data-testid="format-player"][data-format="${format}"] [data-testid="player-stats"]`);
      await expect
        .poll(async () => ({ time: Number(await stats.getAttribute('data-time')) >= 2, errors: await stats.getAttribute('data-errors') }), { timeout: 30_000 })
        .toEqual({ time: true, errors: '0' });
      expect(Number(await stats.getAttribute('data-frames')), format).toBeGreaterThan(0);
      // The displayed rung's measured bitrate, as the catalog stored it when the encode finished.
      const height = Number(await stats.getAttribute('data-height'));
      const measured = stored.find((r) => r.height === height)?.measuredKbps;
      expect(await stats.getByTestId('player-measured').textContent(), format).toBe(`${measured} kb/s`);
      if (format === 'hls-v4' || format === 'smooth') await shot(`03-player-${format}`);
    }
    await page.getByRole('button', { name: 'Stop' }).click();

    await page.getByRole('button', { name: 'Check all' }).click();
    for (const format of FORMATS) {
      await expect.poll(() => page.getByTestId(`check-${format}`).getAttribute('data-result'), { timeout: 40_000 }).toMatch(/pass|fail/);
    }
    const results = await Promise.all(FORMATS.map(async (f) => [f, await page.getByTestId(`check-${f}`).getAttribute('data-result')]));
    expect(Object.fromEntries(results)).toEqual(Object.fromEntries(FORMATS.map((f) => [f, 'pass'])));
    await page.getByTestId('check-matrix').scrollIntoViewIfNeeded();
    await shot('04-check-all');
  });

  it('refreshes the URL filter picker when a filter is saved, and says the endpoint is stopped instead of a player error', async () => {
    const assetId = (await app.studio.handlers['assets.list']({})).find((a) => a.name === `clip-a (${LADDER})`)?.id ?? '';
    const picker = page.locator('[data-testid="filter-picker"]').filter({ hasText: 'URL filters' });
    expect(await picker.textContent()).not.toContain('first-2s');
    await app.studio.handlers['filters.save']({ name: 'first-2s', assetId, definition: { presentationTimeRange: { endTimestamp: 20_000_000 } } });
    await expect.poll(() => picker.textContent(), { timeout: 10_000 }).toContain('first-2s');

    await page.getByTestId('tab-dash-csf').click();
    await app.studio.handlers['endpoint.stop']({});
    const stopped = page.getByTestId('endpoint-stopped');
    await expect.poll(() => stopped.count(), { timeout: 10_000 }).toBe(1);
    expect(await stopped.textContent()).toContain('The streaming endpoint is stopped');
    await stopped.getByRole('button', { name: 'Start it' }).click();
    const stats = page.locator('[data-testid="format-player"][data-format="dash-csf"] [data-testid="player-stats"]');
    await expect.poll(async () => Number(await stats.getAttribute('data-time')), { timeout: 30_000 }).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('shows the running endpoint with its request log, and the tools in settings', async () => {
    await page.getByRole('button', { name: 'Endpoint', exact: true }).click();
    const panel = page.getByTestId('endpoint-panel');
    await expect.poll(() => panel.locator('.badge').textContent()).toBe('Running');
    // The players' requests of the previous test, as the origin logged them.
    await expect.poll(() => page.getByTestId('request-log').locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('request-log').textContent()).toContain('.ism/manifest');
    await shot('05-endpoint');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('tool-ffmpeg').textContent()).toMatch(/ffmpeg.*\d/);
    expect(await page.getByTestId('settings-panel').textContent()).toContain(library);
    // An unavailable hardware encoder in plain words; ffmpeg's own message behind a toggle.
    const nvenc = page.getByTestId('encoder-h264_nvenc');
    await expect.poll(() => nvenc.getByTestId('encoder-reason').textContent(), { timeout: 30_000 }).toMatch(/^NVENC: (no NVIDIA GPU found|this ffmpeg was built without it)/);
    expect(await nvenc.getByTestId('encoder-raw-reason').isVisible()).toBe(false);
    await nvenc.locator('summary').click();
    expect(await nvenc.getByTestId('encoder-raw-reason').isVisible()).toBe(true);
  });

  it('cancels a running job', async () => {
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByTestId('import-input').setInputFiles(longClip);
    try {
      await expect.poll(() => assetCard('long-clip').count(), { timeout: 15_000 }).toBe(1);
    } finally {
      await shot('06-import-long');
    }
    await openAsset('long-clip');
    await page.getByRole('button', { name: 'Encode…' }).click();
    // The dialog shows the ladder the encoder will use for this source (its own plan), and its size.
    const longId = (await app.studio.handlers['assets.list']({})).find((a) => a.name === 'long-clip')?.id ?? '';
    const plan = await app.studio.handlers['transforms.plan']({ assetId: longId, transformName: 'AdaptiveStreaming' });
    const table = page.getByTestId('encode-dialog').getByTestId('ladder-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(plan.rungs.length);
    // Polled: the dialog may still show the previous plan's rows (same count) while this source's loads.
    const shownRungs = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((c) => c.textContent).join(' ')));
    await expect.poll(shownRungs).toEqual(plan.rungs.map((r) => `${r.width}×${r.height} ${r.kbps} kb/s`));
    await expect.poll(() => page.getByTestId('estimate').textContent()).toBe(`${(plan.estimatedBytes / 1e6).toFixed(1)} MB`);
    await page.getByTestId('encode-dialog').getByRole('button', { name: 'Add to queue' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'AdaptiveStreaming' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('Processing');
    await expect.poll(async () => parseFloat((await job.getByTestId('job-percent').textContent()) ?? '0'), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('06-job-running');
    const order = () => page.getByTestId('job').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')));
    const running = await job.getAttribute('data-job-id');
    expect((await order())[0]).toBe(running); // running jobs are pinned on top
    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 20_000 }).toBe('Canceled');
    expect(await job.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    jobOrder = await order();
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await expect.poll(() => assetCard('long-clip (AdaptiveStreaming)').locator('.badge').first().textContent()).toBe('Canceled');
    expect(await assetCard('long-clip (AdaptiveStreaming)').getByTestId('asset-note').textContent()).toMatch(/^The encode was canceled at [\d.]+ %; nothing was kept\. Retry it in the jobs panel\.$/);
    // The library's published marks arrive with its next refresh: polled (read once it failed in CI).
    await expect.poll(() => assetCard(`clip-a (${LADDER})`).getByTestId('published-badge').count()).toBe(1);
    expect(await assetCard('clip-a').getByTestId('published-badge').count()).toBe(0);
  });

  it('refuses a non-media file with an error toast and leaves the library unchanged', async () => {
    const before = (await app.studio.handlers['assets.list']({})).length;
    await page.getByTestId('import-input').setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('these are notes, not a video\n'.repeat(50)) });
    const toast = page.getByTestId('toast-error');
    await expect.poll(() => toast.count()).toBeGreaterThan(0);
    expect(await toast.first().textContent()).toContain('notes.mp4');
    await shot('07-not-media-toast');
    expect((await app.studio.handlers['assets.list']({})).length).toBe(before);
    expect(await page.getByTestId('asset-count').count()).toBeLessThanOrEqual(1);
    // The rejected upload is not kept in the library.
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(app.studio.catalog.layout.uploadsDir)).filter((f) => f.includes('notes'))).toEqual([]);
  });

  let jobOrder: (string | null)[] = [];
  const expectEverythingThere = async () => {
    await expect.poll(() => page.getByTestId('job').count()).toBe(2);
    // One order, live and after a reload.
    expect(await page.getByTestId('job').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')))).toEqual(jobOrder);
    const states = await page.getByTestId('job').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')).sort());
    expect(states).toEqual(['Canceled', 'Finished']);
    await openAsset(`clip-a (${LADDER})`);
    await expect.poll(() => page.getByTestId('locator-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('url').count()).toBeGreaterThanOrEqual(6);
  };

  it('keeps jobs and locators across a page reload', async () => {
    await page.reload();
    await expectEverythingThere();
  });

  it('keeps jobs and locators when the studio restarts over the same library', async () => {
    await page.close();
    await app.close();
    app = await startStudioWeb(library);
    await openPage(app.web.url);
    await expectEverythingThere();
    // The new endpoint port is in the URLs, and the stream still plays.
    await page.getByTestId('tab-dash-cmaf').click();
    const stats = page.locator('[data-testid="format-player"] [data-testid="player-stats"]');
    try {
      await expect.poll(async () => Number(await stats.getAttribute('data-time')), { timeout: 30_000 }).toBeGreaterThan(1);
    } finally {
      await shot('08-after-restart');
    }
    expect(pageErrors).toEqual([]);
  });

  it('passes an axe check (WCAG 2 A/AA and best practices) on every main view, light and dark, with screenshots at 1440×900', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const player = page.locator('[data-testid="format-player"] [data-testid="player-stats"]');
    const views: [string, () => Promise<void>][] = [
      ['library', async () => void (await page.getByRole('button', { name: 'Library', exact: true }).click())],
      ['asset', async () => openAsset(`clip-a (${LADDER})`)],
      [
        'player',
        async () => {
          await page.getByTestId('tab-hls-v4').click();
          await expect.poll(async () => Number(await player.getAttribute('data-time')), { timeout: 30_000 }).toBeGreaterThan(1);
          await page.getByTestId('format-player').scrollIntoViewIfNeeded();
        },
      ],
      [
        'publish',
        async () => {
          await page.getByRole('button', { name: 'Stop' }).click();
          await page.locator('.app-main').evaluate((el) => el.scrollTo(0, 0));
          await page.getByRole('button', { name: 'Publish…' }).click();
          await page.getByTestId('locator-dialog').waitFor();
        },
      ],
      ['filters', async () => void (await page.getByRole('button', { name: 'Filters', exact: true }).click())],
      ['protection', async () => void (await page.getByRole('button', { name: 'Protection', exact: true }).click())],
      ['endpoint', async () => void (await page.getByRole('button', { name: 'Endpoint', exact: true }).click())],
      ['settings', async () => void (await page.getByRole('button', { name: 'Settings', exact: true }).click())],
    ];
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      for (const [name, open] of views) {
        await open();
        await page.waitForTimeout(600);
        await page.screenshot({ path: path.join(SHOTS, `axe-${name}-${scheme}.png`) });
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        for (const v of result.violations) found.push(`${scheme} ${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
        if (name === 'publish') await page.getByTestId('locator-dialog').getByRole('button', { name: 'Cancel' }).click();
      }
    }
    await page.emulateMedia({ colorScheme: null, reducedMotion: null });
    expect(found).toEqual([]);
  });

  it('clears finished and canceled jobs from the panel, and keeps them cleared after a reload', async () => {
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => page.getByTestId('job').count()).toBe(0);
    await page.reload();
    await page.getByTestId('app-info').waitFor();
    expect(await page.getByTestId('job').count()).toBe(0);
    expect(await page.getByTestId('app-info').textContent()).toMatch(/Origin Studio 0\.\d+\.\d+/);
  });
});
