/**
 * Issue 12, item 6: a failed import deletes only the upload made for it — never a file an asset uses
 * (a failed re-import of an existing asset's upload), never anything outside uploads/<id>/ — and leaves
 * no empty uploads/<id>/ folder.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { discardRejectedUpload } from '../../../../electron/studio/app/discard-upload.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();

async function uploaded(uploadsDir: string, id: string, name: string): Promise<string> {
  const file = path.join(uploadsDir, id, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'not media');
  return file;
}

describe('discardRejectedUpload', () => {
  it('removes a rejected upload and its folder', async () => {
    const c = libs.open();
    const file = await uploaded(c.layout.uploadsDir, '1-aa', 'bad.mp4');
    await discardRejectedUpload(c, file);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('keeps an upload that an existing asset uses as its source', async () => {
    const c = libs.open();
    const file = await uploaded(c.layout.uploadsDir, '2-bb', 'film.mp4');
    insertAsset(c, { name: 'film', sourceFile: file, state: 'Finished' });
    await discardRejectedUpload(c, file);
    expect(existsSync(file)).toBe(true);
  });

  it('touches nothing outside uploads/<id>/ and keeps a folder that holds other files', async () => {
    const c = libs.open();
    const outside = path.join(c.layout.root, 'mine.mp4');
    await writeFile(outside, 'x');
    await discardRejectedUpload(c, outside);
    expect(existsSync(outside)).toBe(true);
    const nested = await uploaded(c.layout.uploadsDir, '3-cc/deeper', 'x.mp4');
    await discardRejectedUpload(c, nested);
    expect(existsSync(nested)).toBe(true);
    const shared = await uploaded(c.layout.uploadsDir, '4-dd', 'a.mp4');
    await writeFile(path.join(path.dirname(shared), 'other.txt'), 'keep');
    await discardRejectedUpload(c, shared);
    expect(existsSync(shared)).toBe(false);
    expect(existsSync(path.join(path.dirname(shared), 'other.txt'))).toBe(true);
  });
});
