/**
 * Filters and content protection through the studio UI in Chromium (web mode): a filter made in the
 * filter editor (time range + a rung excluded) changes the live preview, a locator published with it
 * plays with fewer renditions; a cenc locator plays DASH CSF in the UI's player with ClearKey and
 * shows its key id; under a token key policy it fails clearly without a token and plays with a test
 * token the studio signs. Screenshots land in test-results/studio-ui-protection/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startStudioWeb, type StudioWeb } from '../studio-ui/studio-web.ts';
import { openStudioPage, playerStats, playsInTab } from '../../helpers/studio-page.ts';
import { insertFixtureAsset } from '../../helpers/test-studio.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/studio-ui-protection');
const FILTER = 'trim-top';

describe('filters and content protection in the studio UI (Chromium, web mode)', () => {
  let dir: string;
  let fx: AbrFixture;
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  let assetId: string;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const licenceRequests: string[] = [];

  // The view scrolls inside .app-main, so a full-page shot would not show it: shoot the part that matters.
  const shot = async (name: string, testId: string) => {
    const part = page.getByTestId(testId).first();
    await part.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const stats = () => playerStats(page);
  const plays = async (format: 'dash-csf' | 'hls-v4' | 'hls-cmaf' | 'smooth') => {
    await playsInTab(page, format, 2);
    expect(Number(await stats().getAttribute('data-frames'))).toBeGreaterThan(0);
  };
  const publish = async (
    policy: string,
    setup?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>,
  ) => {
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByTestId('locator-dialog');
    await dialog.getByTestId('policy-select').selectOption(policy);
    await setup?.(dialog);
    await dialog.getByRole('button', { name: 'Create locator' }).click();
    return dialog;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-protection-'));
    await mkdir(SHOTS, { recursive: true });
    [fx, browser] = await Promise.all([abrFixture(), launchChromium()]);
    app = await startStudioWeb(path.join(dir, 'library'));
    // The fixture's ABR set as a finished asset: the encoder has its own tests, this one is about the UI.
    assetId = (await insertFixtureAsset(app.studio.catalog, fx)).id;
    page = await openStudioPage(browser, app.web.url, {
      viewport: { width: 1280, height: 900 },
      errors: pageErrors,
      asset: { id: assetId, name: 'fixture' },
      prepare: (p) => {
        p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        p.on('request', (r) => r.url().endsWith('/clearkey') && licenceRequests.push(r.url()));
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes a filter with a time range and an excluded rung, the live preview following the form', async () => {
    await page.getByRole('button', { name: 'New filter…' }).click();
    const editor = page.getByTestId('filter-editor');
    const preview = editor.getByTestId('filter-preview');
    const rungs = preview.getByTestId('preview-video-rung');
    // Untouched: the whole asset, every rung.
    await expect.poll(() => rungs.count()).toBe(fx.videoFiles.length);
    expect(await preview.getByTestId('preview-audio').count()).toBe(fx.audioFiles.length);
    expect(await preview.getByTestId('preview-range').textContent()).toMatch(/^0\.0 s – 1[23]\.\d s/);

    await editor.getByLabel('Filter name').fill(FILTER);
    await editor.getByLabel('Start', { exact: true }).fill('2');
    await editor.getByLabel('End', { exact: true }).fill('8');
    await expect
      .poll(() => preview.getByTestId('preview-range').textContent())
      .toMatch(/^2\.0 s – 8\.0 s · 6\.0 s · 3 fragments/);

    const bitrates = (await rungs.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-bitrate'))),
    )) as number[];
    const top = Math.max(...bitrates);
    await rungs
      .filter({ has: page.locator(`xpath=self::*[@data-bitrate="${top}"]`) })
      .getByRole('button', { name: /Exclude/ })
      .click();
    await expect.poll(() => rungs.count()).toBe(fx.videoFiles.length - 1);
    expect(await preview.getByTestId('preview-removed').count()).toBe(1);
    expect(await editor.getByTestId('track-condition').count()).toBe(1);

    // A range the asset does not have: the origin's refusal is shown, not an empty ladder.
    await editor.getByLabel('Start', { exact: true }).fill('60');
    await editor.getByLabel('End', { exact: true }).fill('70');
    await expect.poll(() => preview.getByTestId('preview-refusal').count()).toBe(1);
    await editor.getByLabel('Start', { exact: true }).fill('2');
    await editor.getByLabel('End', { exact: true }).fill('8');
    await expect.poll(() => preview.getByTestId('preview-range').textContent()).toMatch(/^2\.0 s – 8\.0 s/);
    await shot('01-filter-editor', 'filter-editor');

    await editor.getByRole('button', { name: 'Save filter' }).click();
    await expect
      .poll(() => page.locator(`[data-testid="filter-row"][data-filter-name="${FILTER}"]`).count())
      .toBe(1);
    const saved = await app.studio.handlers['filters.get']({ name: FILTER, assetId });
    // The store may drop the default timescale (10^7); the instants are what count.
    const range = saved.definition.presentationTimeRange;
    expect({
      start: range?.startTimestamp,
      end: range?.endTimestamp,
      timescale: range?.timescale ?? 10_000_000,
    }).toEqual({ start: 20_000_000, end: 80_000_000, timescale: 10_000_000 });
    expect(saved.definition.tracks).toEqual([
      { trackSelections: [{ property: 'Bitrate', operation: 'NotEqual', value: String(top) }] },
    ]);
  });

  it('publishes a clear locator with the filter: the player lists fewer renditions and plays', async () => {
    await publish('Predefined_ClearStreamingOnly', (dialog) =>
      dialog.getByTestId('filter-picker').getByLabel(FILTER).check(),
    );
    await expect.poll(() => page.getByTestId('locator-filters').textContent()).toBe(FILTER);
    await plays('dash-csf');
    // The player's stats update after its manifest is read: polled (read once, it failed under load).
    await expect.poll(() => stats().getAttribute('data-renditions')).toBe(String(fx.videoFiles.length - 1));

    // The URL filter picker puts filter= inside the parentheses of every manifest URL it shows.
    await page.getByTestId('filter-picker').last().getByLabel(FILTER).check();
    // The studio writes the filtered URLs (locators.paths with filters): they arrive after one call.
    const urls = () => page.getByTestId('urls-panel').getByTestId('url').allTextContents();
    await expect.poll(async () => (await urls()).find((u) => u.includes('format=mpd-time-csf'))).toMatch(
      new RegExp(`/manifest\\(format=mpd-time-csf,filter=${FILTER}\\)$`),
    );
    expect((await urls()).find((u) => u.endsWith('/manifest(filter=' + FILTER + ')'))).toBeDefined();
  });

  it('publishes with Predefined_MultiDrmCencStreaming, shows the key id and plays DASH CSF with ClearKey (open key policy, no token)', async () => {
    const dialog = await publish('Predefined_MultiDrmCencStreaming', async (d) => {
      expect(await d.getByTestId('policy-note').textContent()).toMatch(/Common Encryption \(cenc/);
      expect(await d.getByTestId('content-key-fields').count()).toBe(1);
    });
    const keyId = await dialog.getByTestId('created-key-id').textContent();
    expect(keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('locator-key-id').textContent()).toBe(keyId);
    const locator = (await app.studio.handlers['locators.list']({ assetId })).find((l) => l.keyId === keyId);
    expect(locator?.contentKeyPolicy).toBe('Predefined_Open');
    expect(await page.getByTestId('token-input').count()).toBe(0);
    await plays('dash-csf');
    await shot('02-cenc-playing', 'format-player');

    // Protected Smooth in dash.js: one licence request for the whole stream and nothing in the console
    // (dash.js opened a key session per fragment and logged "Failed to retrieve clearkeys" for each).
    await page.getByRole('button', { name: 'Stop' }).click();
    consoleErrors.length = 0;
    licenceRequests.length = 0;
    await plays('smooth');
    await expect.poll(async () => Number(await stats().getAttribute('data-time')), { timeout: 20_000 }).toBeGreaterThan(5);
    expect(licenceRequests).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
  });

  it('under a token key policy: fails clearly without a token, plays with a test token', async () => {
    await page.getByRole('button', { name: 'Protection', exact: true }).click();
    const panel = page.getByTestId('key-policies-panel');
    await panel.getByLabel('Name').fill('e2e-sts');
    await panel.getByRole('button', { name: 'Generate' }).click();
    await panel.getByRole('button', { name: 'Create policy' }).click();
    await expect
      .poll(() => panel.locator('[data-testid="key-policy-row"][data-policy-name="e2e-sts"]').count())
      .toBe(1);

    await page.goto(`${app.web.url}#asset/${encodeURIComponent(assetId)}`);
    await expect.poll(() => page.locator('#asset-title').textContent()).toBe('fixture');
    const dialog = await publish('Predefined_MultiDrmCencStreaming', (d) =>
      d
        .getByTestId('content-key-fields')
        .getByLabel('Content key policy')
        .selectOption('e2e-sts')
        .then(() => undefined),
    );
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('token-input').count()).toBe(1);

    await page.getByTestId('tab-dash-csf').click();
    await expect
      .poll(() => page.getByTestId('player-error').allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringMatching(/licence request was refused \(401\).*token/));
    expect(Number(await stats().getAttribute('data-time'))).toBeLessThan(1);
    await shot('03-token-missing', 'format-player');

    await page.getByRole('button', { name: 'Make test token' }).click();
    await expect.poll(() => page.getByTestId('token-state').textContent()).toMatch(/sends a token/);
    await plays('dash-csf');
    await shot('04-token-playing', 'format-player');
    expect(pageErrors).toEqual([]);
  });

  it('plays HLS with the key from the key URI: AES-128 (Predefined_ClearKey, open) and cbcs CMAF under the token policy', async () => {
    const clearKey = await publish('Predefined_ClearKey');
    await clearKey.getByRole('button', { name: 'Done' }).click();
    await plays('hls-v4');

    const multi = await publish('Predefined_MultiDrmStreaming', (d) =>
      d
        .getByTestId('content-key-fields')
        .getByLabel('Content key policy')
        .selectOption('e2e-sts')
        .then(() => undefined),
    );
    await multi.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Make test token' }).click();
    await expect.poll(() => page.getByTestId('token-state').textContent()).toMatch(/sends a token/);
    await plays('hls-cmaf');
  });

  it('signs test tokens only where it can (HS256 policy, protected locator)', async () => {
    const locators = await app.studio.handlers['locators.list']({ assetId });
    const clear = locators.find((l) => !l.keyId);
    const tokenLocator = locators.find((l) => l.contentKeyPolicy === 'e2e-sts');
    await expect(
      app.studio.handlers['contentKeyPolicies.testToken']({
        name: 'Predefined_Open',
        locatorId: tokenLocator?.id ?? '',
        expiresInSec: 60,
      }),
    ).rejects.toThrow(/open policy/);
    await expect(
      app.studio.handlers['contentKeyPolicies.testToken']({
        name: 'e2e-sts',
        locatorId: clear?.id ?? '',
        expiresInSec: 60,
      }),
    ).rejects.toThrow(/not protected/);
  });

  it('makes an account filter in the Filters view, previewed on a chosen asset', async () => {
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    const view = page.getByTestId('filters-view');
    await view.getByRole('button', { name: 'New filter…' }).click();
    const editor = view.getByTestId('filter-editor');
    await editor.getByLabel('Filter name').fill('first-4s');
    await editor.getByLabel('End', { exact: true }).fill('4');
    await expect
      .poll(() => editor.getByTestId('preview-range').textContent())
      .toMatch(/^0\.0 s – 4\.0 s · 4\.0 s · 2 fragments/);
    await editor.getByRole('button', { name: 'Save filter' }).click();
    await expect
      .poll(() => view.locator('[data-testid="filter-row"][data-filter-name="first-4s"]').textContent())
      .toContain('account');
    expect(
      (await app.studio.handlers['filters.list']({})).find((f) => f.name === 'first-4s')?.assetId,
    ).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
