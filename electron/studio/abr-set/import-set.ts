/**
 * Imports ABR sets as assets without re-encoding: resolve what was given into sets, read every file's
 * index, plan the ladder (deduplicating muxed audio), check it, stage the files (hard links when the
 * library is on the same disk, else copies) with the .ism in the library's tmp folder, open the staged
 * asset exactly as the origin will, and only then move it into place and add its catalog row.
 *
 * Nothing half-imported: every set of one call is planned, checked and staged before any is committed;
 * a failure removes every staging folder and leaves catalog and library as they were. A crash after the
 * move but before the row leaves an asset folder without a row, which the next start removes.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type IsmDocument, MediaError, openPresentation, writeIsm } from '../../../packaging-core/index.ts';
import { assetFolderPath, insertAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { probeFile } from '../media/probe.ts';
import { checkRungAlignment } from './align-check.ts';
import { checkSet } from './check-set.ts';
import { inspectFile, type InspectedFile } from './inspect-file.ts';
import type { SetLadder } from './ladder.ts';
import { planFiles } from './plan-files.ts';
import { planIsm } from './plan-ism.ts';
import { SetImportError } from './set-error.ts';
import { setSources, type SetSource } from './set-sources.ts';

export interface SetImportOptions {
  /** Asset name (only when the paths make one set); default: container/folder/base name. */
  readonly name?: string;
  /** Plan and check only: return the ladders, import nothing. */
  readonly dryRun?: boolean;
}

export interface SetImportResult {
  readonly ladder: SetLadder;
  /** null on a dry run. */
  readonly asset: Asset | null;
}

interface PlannedSet {
  readonly ladder: SetLadder;
  /** Relative path in the asset → the file it comes from. */
  readonly sources: ReadonlyMap<string, string>;
  /** Written by the studio for loose files; a container's own .ism is copied as is. */
  readonly ism: IsmDocument | null;
}

async function inspectAll(files: readonly string[]): Promise<InspectedFile[]> {
  const settled = await Promise.allSettled(files.map(inspectFile));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<InspectedFile>).value);
}

async function plan(source: SetSource): Promise<PlannedSet> {
  if (source.kind === 'files') {
    const p = planFiles(source.name, source.base, await inspectAll(source.files));
    const formats = checkSet(p.video, p.audio);
    checkRungAlignment(p.video, p.ladder.video);
    const byName = new Map(source.files.map((f) => [path.basename(f), f]));
    return { ladder: { ...p.ladder, formats }, sources: new Map(p.ladder.files.map((f) => [f, byName.get(f)!])), ism: p.ism };
  }
  const p = await planIsm(source.name, source.folder, source.ismFile);
  const formats = checkSet(p.video, p.audio);
  checkRungAlignment(p.video, p.ladder.video);
  return { ladder: { ...p.ladder, formats }, sources: new Map(p.ladder.files.map((f) => [f, path.join(source.folder, f)])), ism: null };
}

/** A hard link costs no disk and no time; across disks (EXDEV) or where links are refused, a copy. */
async function placeFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to, constants.COPYFILE_FICLONE);
  }
}

async function stage(catalog: Catalog, planned: PlannedSet): Promise<{ folder: string; asset: Omit<Parameters<typeof insertAsset>[1], 'id'> }> {
  const folder = path.join(catalog.layout.tmpDir, `import-${randomUUID()}`);
  await mkdir(folder, { recursive: true });
  try {
    for (const [rel, from] of planned.sources) await placeFile(from, path.join(folder, rel));
    if (planned.ism) await writeFile(path.join(folder, planned.ladder.ismName), writeIsm(planned.ism));
    // The origin's own open: what it refuses here, it would refuse to serve.
    try {
      await openPresentation(folder, planned.ladder.ismName);
    } catch (err) {
      if (err instanceof MediaError) throw new SetImportError(`${planned.ladder.name}: ${err.message}`, { cause: err, hint: 'Fix the file named, then import the set again.' });
      throw err;
    }
    const top = planned.ladder.video[0]?.file ?? planned.ladder.audio[0]?.file;
    const mediaInfo = top ? await probeFile(path.join(folder, top)) : null;
    return { folder, asset: { name: planned.ladder.name, sourceFile: null, mediaInfo, ismName: planned.ladder.ismName, state: 'Finished' } };
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
}

export async function importSets(catalog: Catalog, inputs: readonly string[], options: SetImportOptions = {}): Promise<SetImportResult[]> {
  const sources = await setSources(inputs, options.name);
  const planned: PlannedSet[] = [];
  for (const s of sources) {
    try {
      planned.push(await plan(s));
    } catch (err) {
      if (err instanceof SetImportError && sources.length > 1) {
        throw new SetImportError(`${s.name}: ${err.message}`, { ...(err.file !== undefined && { file: err.file }), ...(err.hint !== undefined && { hint: err.hint }), cause: err });
      }
      throw err;
    }
  }
  if (options.dryRun) return planned.map((p) => ({ ladder: p.ladder, asset: null }));

  const staged: Awaited<ReturnType<typeof stage>>[] = [];
  try {
    for (const p of planned) staged.push(await stage(catalog, p));
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.folder, { recursive: true, force: true })));
    throw err;
  }
  const ids = staged.map(() => randomUUID());
  const moved: string[] = [];
  try {
    for (const [i, s] of staged.entries()) {
      const target = assetFolderPath(catalog, { folder: `assets/${ids[i]}` });
      await rename(s.folder, target);
      moved.push(target);
    }
    const assets = catalog.transaction(() => staged.map((s, i) => insertAsset(catalog, { ...s.asset, id: ids[i]! })));
    return assets.map((asset, i) => ({ ladder: planned[i]!.ladder, asset }));
  } catch (err) {
    await Promise.all([...moved, ...staged.map((s) => s.folder)].map((f) => rm(f, { recursive: true, force: true })));
    throw err;
  }
}
