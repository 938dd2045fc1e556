/**
 * Text tracks in the asset view, in Chromium (web mode): an SRT dropped on an encoded asset is uploaded,
 * added (not imported as an asset) and listed with the asset's audio tracks; a broken file is refused
 * with its line shown; the picker adds a TTML file; Remove takes a track out; the audio picker adds an
 * AAC file as an audio-description track (copied, and the form says so) and refuses a file that is not audio.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssets } from '../../../electron/studio/catalog/assets-repo.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { startStudioWeb, type StudioWeb } from '../studio-ui/studio-web.ts';
import { assetCard, openStudioPage } from '../../helpers/studio-page.ts';
import { insertFixtureAsset } from '../../helpers/test-studio.ts';

const SRT = '1\n00:00:01,000 --> 00:00:02,500\nHello from the asset view\n';
const BROKEN = '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:0x,000\nbad\n';
const TTML = '<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="fr"><body><div><p begin="1s" end="2s">Bonjour</p></div></body></tt>\n';

describe('text tracks in the asset view (Chromium, web mode)', () => {
  let dir: string;
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  let folder: string;
  let ismName: string;
  let assetId: string;
  const pageErrors: string[] = [];

  /** Drops a file with this name and text on the asset view, as a user dragging it from the desktop would. */
  const drop = (name: string, text: string) =>
    page.evaluate(
      ([n, t]) => {
        const w = globalThis as any;
        const dt = new w.DataTransfer();
        dt.items.add(new File([t], n, { type: 'text/plain' }));
        const target = w.document.querySelector('[data-testid="asset-tracks"]');
        for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      [name, text] as const,
    );
  const row = (name: string) => page.getByTestId(`track-${name}`);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-ui-tracks-'));
    const fx = await abrFixture();
    [app, browser] = await Promise.all([startStudioWeb(path.join(dir, 'library')), launchChromium()]);
    ({ id: assetId, folder } = await insertFixtureAsset(app.studio.catalog, fx, 'captioned'));
    ismName = fx.ismName;
    page = await openStudioPage(browser, app.web.url, {
      viewport: { width: 1280, height: 900 },
      errors: pageErrors,
      ownContext: true,
      prepare: (p) => {
        p.on('dialog', (d) => void d.accept());
      },
    });
    await assetCard(page, 'captioned').click();
    await page.getByTestId('asset-tracks-table').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a dropped SRT becomes a text track (language from its name); the audio tracks are listed beside it', async () => {
    expect(await page.getByTestId('asset-tracks-table').locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^audioaac_eng_2_\d+eng/),
      expect.stringMatching(/^audioaac_fra_2_\d+fra/),
    ]);
    await drop('movie.en.srt', SRT);
    expect(await page.getByTestId('text-track-chosen').textContent()).toBe('movie.en.srt');
    expect(await page.getByTestId('text-track-language').inputValue()).toBe('en');
    await page.getByText('Default', { exact: true }).click();
    await page.getByTestId('text-track-add').click();
    await row('English').waitFor();
    expect(await row('English').locator('td').allTextContents()).toEqual(['text', 'English', 'en', 'default', 'text_en_1.vtt', 'Remove']);
    expect(await readFile(path.join(folder, 'text_en_1.vtt'), 'utf8')).toBe('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello from the asset view\n');
    expect(await readFile(path.join(folder, ismName), 'utf8')).toContain('<textstream src="text_en_1.vtt"');
    // A track, not an asset: the window's drop-to-import did not see it.
    expect(listAssets(app.studio.catalog).map((a) => a.name)).toEqual(['captioned']);
  });

  it('a broken file is refused with its line; the picker adds a TTML file; Remove takes a track out', async () => {
    await drop('broken.de.srt', BROKEN);
    await page.getByTestId('text-track-add').click();
    await page.getByTestId('text-track-error').waitFor();
    expect(await page.getByTestId('text-track-error').textContent()).toMatch(/broken\.de\.srt line 6: "00:00:0x,000" is not a time/);

    await page.getByTestId('text-track-file').setInputFiles({ name: 'film.ttml', mimeType: 'application/ttml+xml', buffer: Buffer.from(TTML) });
    await page.getByTestId('text-track-language').fill('fra');
    await page.getByTestId('text-track-name').fill('French_CC');
    await page.getByText('Hidden from players').click();
    await page.getByTestId('text-track-add').click();
    await row('French_CC').waitFor();
    expect(await row('French_CC').locator('td').nth(3).textContent()).toBe('hidden');

    await page.getByRole('button', { name: 'Remove English' }).click();
    await expect.poll(() => row('English').count()).toBe(0);
    expect(await readFile(path.join(folder, ismName), 'utf8')).not.toContain('text_en_1.vtt');
    expect(pageErrors).toEqual([]);
  });

  it('the audio picker adds an AAC file as an audio-description track (copied, said in the form); a file that is not audio is refused', async () => {
    await page.getByTestId('audio-track-file').setInputFiles({ name: 'junk.m4a', mimeType: 'audio/mp4', buffer: Buffer.from('not audio at all') });
    await page.getByTestId('audio-track-language').fill('spa');
    await page.getByTestId('audio-track-add').click();
    await page.getByTestId('audio-track-error').waitFor();
    expect(await page.getByTestId('audio-track-error').textContent()).toMatch(/not a video or audio file/);

    // The asset's length (13 s) and rate (48 kHz) in AAC-LC: the studio copies it as it is.
    const m4a = path.join(dir, 'described.spa.m4a');
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=13', '-c:a', 'aac', '-b:a', '96k', m4a]);
    await page.getByTestId('audio-track-file').setInputFiles(m4a);
    expect(await page.getByTestId('audio-track-language').inputValue()).toBe('spa');
    await page.getByTestId('audio-track-role').selectOption('description');
    await page.getByTestId('audio-track-name').fill('aac_spa_ad');
    await page.getByTestId('audio-track-add').click();
    await page.getByTestId('audio-track-result').waitFor();
    expect(await page.getByTestId('audio-track-result').textContent()).toMatch(/^Added "aac_spa_ad": copied without re-encoding \(aac LC 48000 Hz/);
    await expect.poll(() => page.getByTestId('audio-track-error').count()).toBe(0);
    await row('aac_spa_ad').waitFor();
    expect((await row('aac_spa_ad').locator('td').allTextContents()).slice(0, 4)).toEqual(['audio', 'aac_spa_ad', 'spa', 'description']);

    const stored = (await app.studio.handlers['assets.tracks.list']({ id: assetId })).find((t) => t.name === 'aac_spa_ad');
    expect(stored).toMatchObject({ kind: 'audio', language: 'spa', role: 'description', removable: true });
    expect(await readFile(path.join(folder, ismName), 'utf8')).toContain(`src="${stored!.file}"`);
    // The forms' new fields are labelled: axe finds nothing in the section.
    const axe = await new AxeBuilder({ page }).include('[data-testid="asset-tracks"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
