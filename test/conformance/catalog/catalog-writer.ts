/**
 * Child process of crash-safety.test.ts: writes to a library the way the studio does (multi-row
 * transactions, partial outputs in tmp/ renamed into assets/, atomic file replaces) until killed,
 * or (`disk-full` mode, run under `ulimit -f`) attempts writes that cannot fit and reports the errors.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { insertAsset, updateAsset } from '../../../electron/studio/catalog/assets-repo.ts';
import { insertJob } from '../../../electron/studio/catalog/jobs-repo.ts';
import { openCatalog } from '../../../electron/studio/catalog/open-catalog.ts';
import { getSetting, setSetting } from '../../../electron/studio/catalog/settings-repo.ts';
import { getTransform, upsertTransform } from '../../../electron/studio/catalog/transforms-repo.ts';
import { writeFileAtomic } from '../../../electron/studio/catalog/write-file-atomic.ts';

export const JOBS_PER_BATCH = 3;

/** A file whose last line is the SHA-256 of the rest: a torn write cannot pass the check. */
export function checkedContent(seed: string, bytes: number): string {
  const body = `${seed}\n${'x'.repeat(bytes)}\n`;
  return `${body}${createHash('sha256').update(body).digest('hex')}`;
}

export function isCheckedContentIntact(text: string): boolean {
  const cut = text.lastIndexOf('\n') + 1;
  return cut > 0 && createHash('sha256').update(text.slice(0, cut)).digest('hex') === text.slice(cut);
}

async function writeLoop(libraryDir: string): Promise<void> {
  const catalog = openCatalog(libraryDir);
  if (!getTransform(catalog, 'T')) upsertTransform(catalog, { name: 'T', definition: { preset: 'test' } });
  for (let i = 0; ; i++) {
    const asset = catalog.transaction(() => {
      const n = getSetting(catalog, 'batches', 0);
      const a = insertAsset(catalog, { name: `batch-${n}` });
      for (let j = 0; j < JOBS_PER_BATCH; j++) insertJob(catalog, { transformName: 'T', inputFile: `/in/${n}-${j}.mov`, outputAssetId: a.id });
      setSetting(catalog, 'batches', n + 1);
      return a;
    });
    const partial = path.join(catalog.layout.tmpDir, asset.id);
    fs.mkdirSync(partial);
    fs.writeFileSync(path.join(partial, 'video.mp4'), Buffer.alloc(64 * 1024, i & 0xff));
    const folder = path.join(catalog.layout.root, asset.folder);
    fs.renameSync(partial, folder);
    await writeFileAtomic(path.join(folder, 'movie.ism'), checkedContent(asset.id, 32 * 1024));
    catalog.transaction(() => updateAsset(catalog, asset.id, { state: 'Finished', ismName: 'movie.ism' }));
    await writeFileAtomic(path.join(catalog.layout.root, 'state.txt'), checkedContent(String(i), 128 * 1024));
    if (i === 0) process.stdout.write('ready\n');
  }
}

async function diskFull(libraryDir: string): Promise<void> {
  const catalog = openCatalog(libraryDir);
  const report: Record<string, { code?: unknown; message: string } | 'ok'> = {};
  try {
    await writeFileAtomic(path.join(catalog.layout.root, 'big.bin'), Buffer.alloc(8 << 20, 1));
    report.file = 'ok';
  } catch (err) {
    report.file = { code: (err as { code?: unknown }).code, message: (err as Error).message };
  }
  try {
    catalog.transaction(() => {
      insertAsset(catalog, { name: 'too-big', sourceFile: 'x'.repeat(8 << 20) });
      setSetting(catalog, 'batches', -1);
    });
    report.db = 'ok';
  } catch (err) {
    report.db = { code: (err as { code?: unknown }).code, message: (err as Error).message };
  }
  catalog.close();
  process.stdout.write(JSON.stringify(report));
}

const [mode, dir] = process.argv.slice(2);
if (mode && dir) {
  await (mode === 'disk-full' ? diskFull(dir) : writeLoop(dir));
}
