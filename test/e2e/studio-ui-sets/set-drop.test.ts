/**
 * Dropping an ABR set on the window, in Chromium: the dialog shows the ladder the studio found (rungs,
 * the muxed audio served once, the formats) before anything is imported, and "Import as one asset"
 * makes one asset; a set with unaligned GOPs is a toast naming the file, and nothing is imported. In
 * web mode (no preload) the dropped files are uploaded first and import as one set the same way.
 * The desktop preload (window.studio: call + pathForFile) is stood in for by an init script over web
 * mode's HTTP API, since dropped files must be imported by path, where they lie.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/browser.ts';
import type { AbrFixture } from '../../helpers/fixtures.ts';
import { byoFixture, muxedRungs, reencodedRung } from '../../helpers/set-fixtures.ts';
import { startStudioWeb, type StudioWeb } from '../studio-ui/studio-web.ts';

describe('dropping an ABR set (Chromium, desktop preload stood in for)', () => {
  let dir: string;
  let fx: AbrFixture;
  let rungs: string[];
  let app: StudioWeb;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Drops files named like `files` (contents irrelevant: the preload stand-in maps names to real paths). */
  const drop = (files: readonly string[]) =>
    page.evaluate((names) => {
      const w = globalThis as any;
      const dt = new w.DataTransfer();
      for (const name of names) dt.items.add(new File([new Uint8Array(8)], name, { type: 'video/mp4' }));
      for (const type of ['dragenter', 'dragover', 'drop']) w.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files.map((f) => path.basename(f)));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'set-drop-'));
    fx = await byoFixture();
    rungs = await muxedRungs(fx, path.join(dir, 'set'));
    // A rung with 1.5 s GOPs next to them: the bad set (named apart so the stand-in can tell them from the good ones).
    await reencodedRung(fx.videoFiles[1]!.file, path.join(dir, 'set', 'bad_160x90.mp4'), ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '36', '-keyint_min', '36', '-sc_threshold', '0']);
    [app, browser] = await Promise.all([startStudioWeb(path.join(dir, 'library')), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript((folder: string) => {
      const w = globalThis as any;
      const token = new URLSearchParams(w.location.search).get('token') ?? w.sessionStorage.getItem('studio-token') ?? '';
      w.studio = {
        async call(operation: string, input: unknown) {
          const res = await fetch(`/api/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
          const body = (await res.json()) as any;
          if (!body.ok) throw Object.assign(new Error(body.error.message), body.error);
          return body.value;
        },
        pathForFile: (file: { name: string }) => `${folder}/${file.name}`,
      };
    }, path.join(dir, 'set'));
    await page.goto(app.web.url);
    await page.getByTestId('app-info').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the ladder found, then imports the set as one asset', async () => {
    await drop(rungs);
    const dialog = page.getByTestId('set-import-dialog');
    await dialog.waitFor();
    const text = await dialog.textContent();
    expect(text).toContain('320×180');
    expect(text).toContain('160×90');
    expect(text).toContain('also muxed in 1 other file: served once');
    expect(text).toMatch(/Served as HLS v4, HLS v3, HLS CMAF, DASH CSF, DASH CMAF, Smooth\./);
    expect(await app.studio.handlers['assets.list']({})).toEqual([]);
    await dialog.getByRole('button', { name: 'Import as one asset' }).click();
    await expect.poll(() => page.locator('[data-testid="asset-card"][data-asset-name="byo"]').count()).toBe(1);
    const assets = await app.studio.handlers['assets.list']({});
    expect(assets.map((a) => [a.name, a.ismName])).toEqual([['byo', 'byo.ism']]);
  });

  it('a set with unaligned GOPs is an error naming the file; nothing is imported', async () => {
    await drop([rungs[0]!, path.join(dir, 'set', 'bad_160x90.mp4')]);
    const toast = page.getByTestId('toast-error');
    await toast.first().waitFor();
    expect(await toast.first().textContent()).toMatch(/not GOP-aligned: bad_160x90\.mp4/);
    expect(await page.getByTestId('set-import-dialog').count()).toBe(0);
    expect((await app.studio.handlers['assets.list']({})).length).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('web mode (no desktop preload): the dropped files are uploaded, the dialog shows their ladder, and they import as one asset', async () => {
    const web = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    web.on('pageerror', (e) => pageErrors.push(e.message));
    await web.goto(app.web.url);
    await web.getByTestId('app-info').waitFor({ timeout: 15_000 });
    // Real bytes this time: a browser has no paths, the studio gets the files by upload.
    const payload = await Promise.all(rungs.map(async (f) => ({ name: `web_${path.basename(f)}`, base64: (await readFile(f)).toString('base64') })));
    await web.evaluate((files) => {
      const w = globalThis as any;
      const dt = new w.DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(w.atob(f.base64), (c: string) => c.charCodeAt(0))], f.name, { type: 'video/mp4' }));
      for (const type of ['dragenter', 'dragover', 'drop']) w.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, payload);
    const dialog = web.getByTestId('set-import-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.textContent();
    expect(text).toContain('320×180');
    expect(text).toContain('160×90');
    expect(text).toContain('also muxed in 1 other file: served once');
    expect((await app.studio.handlers['assets.list']({})).length).toBe(1);
    await dialog.getByRole('button', { name: 'Import as one asset' }).click();
    await expect.poll(() => web.locator('[data-testid="asset-card"][data-asset-name="web_byo"]').count(), { timeout: 30_000 }).toBe(1);
    const asset = (await app.studio.handlers['assets.list']({})).find((a) => a.name === 'web_byo')!;
    expect(asset.ismName).toBe('web_byo.ism');
    // One asset with both rungs; the uploads were moved into the library, none is left behind.
    const files = (await app.studio.handlers['assets.files']({ id: asset.id })).files.map((f) => f.name);
    expect(files).toEqual(expect.arrayContaining(payload.map((f) => f.name)));
    expect(await readdir(path.join(dir, 'library', 'uploads'))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await web.close();
  });
});
