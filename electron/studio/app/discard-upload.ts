/**
 * What a failed import (or a set import, whose files the library then holds) may delete: only a file
 * the browser uploaded for it (under uploads/), only when no asset uses that file as its source (a
 * re-import of an existing asset's upload that fails must not take the existing asset's mezzanine with
 * it), and then its per-upload folder, so no empty uploads/<id>/ is left behind.
 */
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { listAssets } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';

export async function discardRejectedUpload(catalog: Catalog, file: string): Promise<void> {
  const uploads = path.resolve(catalog.layout.uploadsDir);
  const abs = path.resolve(file);
  const folder = path.dirname(abs);
  // Only <uploads>/<upload id>/<name>: the layout the upload route writes.
  if (path.dirname(folder) !== uploads) return;
  if (listAssets(catalog).some((a) => a.sourceFile !== null && path.resolve(a.sourceFile) === abs)) return;
  await rm(abs, { force: true });
  // Gone only when empty: whatever else is in the folder is not ours to delete.
  await rmdir(folder).catch(() => undefined);
}
