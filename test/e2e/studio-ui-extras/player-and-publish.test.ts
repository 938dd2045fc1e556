/**
 * The publishing flow and the embedded player's switches in Chromium, web mode, at 1440×900: after
 * Create the new locator is selected and its URLs are on screen; in every player the rendition picker
 * changes the picture, ABR can be turned off and on, the audio picker switches a deu/eng asset's
 * language, and the captions menu lists the asset's text track, off until picked; in Smooth (dash.js) the picked
 * track's TTML cues are drawn over the video.
 * Screenshots land in test-results/studio-ui-extras/.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startStudioWeb, type StudioWeb } from '../studio-ui/studio-web.ts';
import { openStudioPage, playerStats, playsInTab } from '../../helpers/studio-page.ts';
import { insertFixtureAsset } from '../../helpers/test-studio.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/studio-ui-extras');
const VTT = 'WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nErster Untertitel\n\n00:00:05.000 --> 00:00:09.000\nZweiter Untertitel\n';

describe('publishing and the player switches in Chromium (web mode, 1440×900)', () => {
  let dir: string;
  let fx: AbrFixture;
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  let assetId: string;
  const pageErrors: string[] = [];
  const stats = () => playerStats(page);
  const controls = () => page.getByTestId('player-controls');
  const playing = (format: string) => playsInTab(page, format, 1);
  const optionLabels = (testId: string) => controls().getByTestId(testId).locator('option').allTextContents();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-player-'));
    await mkdir(SHOTS, { recursive: true });
    [fx, browser] = await Promise.all([abrFixture({ languages: ['deu', 'eng'] }), launchChromium()]);
    app = await startStudioWeb(path.join(dir, 'library'));
    const { id, folder } = await insertFixtureAsset(app.studio.catalog, fx, 'deu-eng');
    assetId = id;
    // A German WebVTT track, not marked default: the captions menu lists it and starts Off.
    await writeFile(path.join(folder, 'subs_deu.vtt'), VTT);
    const ismPath = path.join(folder, fx.ismName);
    const ism = await readFile(ismPath, 'utf8');
    await writeFile(
      ismPath,
      ism.replace('</switch>', '      <textstream src="subs_deu.vtt" systemBitrate="1000" systemLanguage="deu">\n        <param name="trackName" value="Deutsch" valuetype="data"/>\n      </textstream>\n    </switch>'),
    );
    page = await openStudioPage(browser, app.web.url, { viewport: { width: 1440, height: 900 }, errors: pageErrors, asset: { id, name: 'deu-eng' } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('after Create, the new locator is selected and its URLs are visible without scrolling past the files', async () => {
    await app.studio.handlers['locators.create']({ assetId, policyName: 'Predefined_ClearStreamingOnly', name: 'older' });
    await expect.poll(() => page.getByTestId('locator-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByTestId('locator-dialog');
    await dialog.getByLabel('Name').fill('newest');
    await dialog.getByRole('button', { name: 'Create locator' }).click();
    await expect.poll(() => page.getByTestId('locator-row').count()).toBe(2);
    const created = (await app.studio.handlers['locators.list']({ assetId })).find((l) => l.name === 'newest');
    // The new locator is the one previewed, and its URLs are in view (the asset view scrolled to them).
    await expect.poll(() => page.getByRole('radio', { name: 'Show newest' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('urls-panel').getByTestId('url').first().textContent()).toContain(`/${created?.id}/`);
    await expect.poll(() => page.getByTestId('urls-panel').isVisible()).toBe(true);
    const box = await page.getByTestId('urls-panel').getByTestId('url').first().boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 900).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'publish-created.png') });
    // A long files table is collapsed to a few rows with a toggle.
    const files = page.getByTestId('files-table');
    expect(await files.locator('tbody tr').count()).toBeLessThanOrEqual(4);
    await page.getByTestId('files-toggle').click();
    expect(await files.locator('tbody tr').count()).toBe(fx.videoFiles.length + fx.audioFiles.length + 2); // + .ism, .vtt
    // Labels stay on one line; GUIDs are never broken across lines (one line box each).
    const lineCounts = (selector: ReturnType<Page['locator']>) =>
      selector.evaluateAll((els) =>
        els.map((el) => {
          const range = el.ownerDocument.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }),
      );
    const labels = await lineCounts(page.getByTestId('urls-panel').locator('tbody th'));
    expect(labels).toEqual(labels.map(() => 1));
    const ids = await lineCounts(page.getByTestId('locator-row').locator('code'));
    expect(ids).toEqual(ids.map(() => 1));
  });

  for (const format of ['dash-csf', 'hls-cmaf', 'smooth'] as const) {
    it(`${format}: picking a rendition changes the displayed resolution; ABR toggles; the audio picker switches deu → eng`, async () => {
      await playing(format);
      const rungs = fx.recipe.rungs.map((r) => r.height).sort((a, b) => b - a);
      // shaka leaves out a rendition for up to 30 s after one of its requests failed (seen under load).
      await expect.poll(() => optionLabels('rendition-select'), { timeout: 40_000 }).toHaveLength(rungs.length + 1);
      const labels = await optionLabels('rendition-select');
      // Every format names a rung alike: its size and the catalog's declared bitrate.
      expect(labels).toEqual(['Auto (ABR)', ...[...fx.recipe.rungs].sort((a, b) => b.kbps - a.kbps).map((r) => `${r.width}×${r.height} · ${r.kbps} kb/s`)]);
      expect(await controls().getByTestId('abr-toggle').isChecked()).toBe(true);

      for (const height of [rungs[rungs.length - 1], rungs[0]]) {
        const rung = fx.recipe.rungs.find((r) => r.height === height);
        await controls().getByTestId('rendition-select').selectOption({ label: `${rung?.width}×${height} · ${rung?.kbps} kb/s` });
        await expect.poll(() => stats().getAttribute('data-height'), { timeout: 20_000 }).toBe(String(height));
        expect(await controls().getByTestId('abr-toggle').isChecked()).toBe(false);
        await expect.poll(() => stats().getByTestId('player-rendition').textContent()).toBe(`${rung?.width}×${height} · ${rung?.kbps} kb/s`);
        expect(await stats().getByTestId('player-displayed').textContent()).toBe(`${rung?.width}×${height} · ${rung?.kbps} kb/s`);
        expect(await stats().getByTestId('player-declared').textContent()).toBe(`${rung?.kbps} kb/s`);
      }
      await controls().getByTestId('abr-toggle').check();
      await expect.poll(() => controls().getByTestId('rendition-select').inputValue()).toBe('auto');
      expect(await stats().getByTestId('player-abr').textContent()).toBe('on');

      expect(await optionLabels('audio-select')).toEqual(expect.arrayContaining([expect.stringMatching(/^German \(de/), expect.stringMatching(/^English \(en/)]));
      const before = await stats().getAttribute('data-audio');
      const target = before?.startsWith('de') ? /^en/ : /^de/;
      const targetLabel = before?.startsWith('de') ? /^English/ : /^German/;
      const option = (await optionLabels('audio-select')).find((l) => targetLabel.test(l)) ?? '';
      await controls().getByTestId('audio-select').selectOption({ label: option });
      await expect.poll(() => stats().getAttribute('data-audio'), { timeout: 20_000 }).toMatch(target);
      // Playback goes on in the new language.
      const t = Number(await stats().getAttribute('data-time'));
      await expect.poll(async () => Number(await stats().getAttribute('data-time')), { timeout: 20_000 }).toBeGreaterThan(t + 1);
      expect(await page.getByTestId('player-error').count()).toBe(0);
      if (format === 'dash-csf') await page.getByTestId('format-player').screenshot({ path: path.join(SHOTS, `player-${format}.png`) });
    });
  }

  it('endpoint panel: the host name goes into published URLs, a client outside the IP allow list gets a clear 403, key requests show the client', async () => {
    const locator = await app.studio.handlers['locators.create']({ assetId, policyName: 'Predefined_ClearKey' });
    const base = (await app.studio.handlers['endpoint.status']({})).url ?? '';
    const key = await fetch(`${base}/keys/${locator.id}/${locator.keyId}`);
    expect(key.status).toBe(200);

    await page.getByRole('button', { name: 'Endpoint', exact: true }).click();
    const panel = page.getByTestId('endpoint-panel');
    const keyRow = page.getByTestId('request-log').locator('tbody tr', { hasText: `/keys/${locator.id}` });
    await expect.poll(() => keyRow.first().locator('td').last().textContent()).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    // This machine (127.0.0.1) is outside 10.9.8.0/24: refused, and told why.
    await panel.getByTestId('ip-allow').fill('10.9.8.0/24 office');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await app.studio.handlers['endpoint.settings.get']({})).ipAllow).toEqual([{ name: 'office', address: '10.9.8.0', subnetPrefixLength: 24 }]);
    const refused = await fetch(`${base}/${locator.id}/${fx.ismName}/manifest(format=m3u8-aapl)`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/not in the streaming endpoint's IP allow list/);
    // The embedded player (this browser is such a client) says so in the origin's words.
    await page.goto(`${app.web.url}#asset/${encodeURIComponent(assetId)}`);
    await page.getByTestId('tab-hls-cmaf').click();
    await expect
      .poll(() => page.getByTestId('player-error').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/^The origin answered HTTP 403: MPE_IP_ADDRESS_NOT_ALLOWED: .* is not in the streaming endpoint's IP allow list/));
    await page.getByRole('button', { name: 'Stop' }).click();

    await page.getByRole('button', { name: 'Endpoint', exact: true }).click();
    await panel.getByTestId('host-name').fill('media.example.test');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await app.studio.handlers['endpoint.settings.get']({})).hostName).toBe('media.example.test');
    const port = new URL(base).port;
    const paths = await app.studio.handlers['locators.paths']({ id: locator.id });
    expect(paths.urls['hls-v4']).toMatch(new RegExp(`^http://media\\.example\\.test:${port}/${locator.id}/`));
    await expect.poll(() => panel.textContent()).toContain(`Base URL: http://media.example.test:${port}`);
    await page.screenshot({ path: path.join(SHOTS, 'endpoint-settings.png') });

    await panel.getByTestId('ip-allow').fill('');
    await panel.getByTestId('host-name').fill('');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await app.studio.handlers['endpoint.settings.get']({})).ipAllow).toEqual([]);
    expect((await app.studio.handlers['endpoint.settings.get']({})).hostName).toBeNull();
    expect((await fetch(`${base}/${locator.id}/${fx.ismName}/manifest(format=m3u8-aapl)`)).status).toBe(200);
    await app.studio.handlers['locators.delete']({ id: locator.id });
    await page.goto(`${app.web.url}#asset/${encodeURIComponent(assetId)}`);
    await page.locator('#asset-title', { hasText: 'deu-eng' }).waitFor();
  });

  it('the captions menu lists the text track, starts Off (not default) and turns it on', async () => {
    await playing('dash-csf');
    const captions = controls().getByTestId('captions-select');
    await expect.poll(() => optionLabels('captions-select')).toHaveLength(2);
    expect(await captions.inputValue()).toBe('off');
    expect(await stats().getByTestId('player-captions').textContent()).toBe('off');
    const deu = (await optionLabels('captions-select'))[1] ?? '';
    expect(deu).toMatch(/^German \(de.*Deutsch/);
    await captions.selectOption({ label: deu });
    await expect.poll(() => stats().getByTestId('player-captions').textContent()).toMatch(/^de/);
    await page.getByRole('button', { name: 'Stop' }).click();

    // Smooth (dash.js): the track's TTML cues are drawn in the div over the video once picked.
    await playing('smooth');
    const overlay = page.locator('[data-testid="format-player"] [data-testid="ttml-captions"]');
    await expect.poll(() => optionLabels('captions-select')).toHaveLength(2);
    expect(await controls().getByTestId('captions-select').inputValue()).toBe('off');
    expect(await overlay.textContent()).toBe('');
    await controls().getByTestId('captions-select').selectOption({ label: (await optionLabels('captions-select'))[1] ?? '' });
    await expect.poll(() => overlay.textContent(), { timeout: 15_000 }).toMatch(/^(Erster|Zweiter) Untertitel$/);
    await page.getByRole('button', { name: 'Stop' }).click();
    expect(pageErrors).toEqual([]);
  });
});
