/**
 * What the user pointed at, resolved into sets: several media files (one set), a folder of media files
 * (one set), a `.ism` with the files it names (one set), an AMS asset container (a folder holding one
 * `.ism`) or a folder of such containers (one set each).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { amsSourceName } from './ams-source-name.ts';
import { SetImportError } from './set-error.ts';

/** Extensions of files an ABR set is made of (progressive/fragmented MP4, Smooth sources, CMAF tracks). */
const MEDIA_EXTENSIONS = new Set(['.mp4', '.m4v', '.m4a', '.mov', '.ismv', '.isma', '.cmfv', '.cmfa', '.mp4a', '.mp4v']);

export type SetSource =
  | { readonly kind: 'files'; readonly name: string; readonly files: readonly string[]; /** Base of the .ism name (URLs): the files' own. */ readonly base: string }
  | { readonly kind: 'ism'; readonly name: string; readonly folder: string; readonly ismFile: string };

export function isMediaFile(file: string): boolean {
  return MEDIA_EXTENSIONS.has(path.extname(file).toLowerCase());
}

async function kindOf(p: string): Promise<'file' | 'folder'> {
  try {
    const s = await stat(p);
    if (s.isDirectory()) return 'folder';
    if (s.isFile()) return 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SetImportError(`${p} does not exist`, { file: p, hint: 'Check the path; the file may have been moved or renamed.' });
    }
    throw new SetImportError(`${p} cannot be read (${code ?? (err as Error).message})`, { file: p });
  }
  throw new SetImportError(`${p} is neither a file nor a folder`, { file: p });
}

/** `{base}_{W}x{H}_{kbps}` and `{base}_AACAudio_…` (AMS's and our encoder's names) give the set its base name. */
function baseOf(stem: string): string {
  const m = /^(.+?)_(?:\d+x\d+_\d+|[A-Za-z0-9]*Audio(?:_[A-Za-z]{2,3})?_\d+)$/.exec(stem);
  return m ? m[1]! : stem;
}

/** A name for a set of loose files: their shared AMS-style base, else their common prefix, else the first stem. */
export function nameForFiles(files: readonly string[]): string {
  const stems = files.map((f) => path.parse(f).name);
  const bases = new Set(stems.map(baseOf));
  if (bases.size === 1) return [...bases][0]!;
  let prefix = stems[0] ?? 'set';
  for (const s of stems) while (!s.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/[\s._-]+$/, '');
  return prefix.length >= 3 ? prefix : (stems[0] ?? 'set');
}

async function folderEntries(folder: string): Promise<{ files: string[]; folders: string[] }> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  const folders: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile()) files.push(path.join(folder, e.name));
    else if (e.isDirectory()) folders.push(path.join(folder, e.name));
  }
  return { files, folders };
}

async function fromFolder(folder: string): Promise<SetSource[]> {
  const { files, folders } = await folderEntries(folder);
  const isms = files.filter((f) => path.extname(f).toLowerCase() === '.ism');
  if (isms.length > 1) {
    throw new SetImportError(`${folder} holds ${isms.length} server manifests (${isms.map((f) => path.basename(f)).join(', ')})`, {
      file: folder,
      hint: 'Import one of them: origin-studio import <folder>/<name>.ism',
    });
  }
  if (isms.length === 1) return [{ kind: 'ism', name: (await amsSourceName(folder)) ?? path.basename(folder), folder, ismFile: isms[0]! }];
  const media = files.filter(isMediaFile);
  if (media.length > 0) return [{ kind: 'files', name: path.basename(folder), files: media, base: nameForFiles(media) }];
  // A folder of downloaded containers: each subfolder holding a .ism is one asset.
  const sets: SetSource[] = [];
  for (const sub of folders) {
    const inner = await folderEntries(sub);
    const subIsms = inner.files.filter((f) => path.extname(f).toLowerCase() === '.ism');
    if (subIsms.length >= 1) sets.push(...(await fromFolder(sub)));
  }
  if (sets.length === 0) {
    throw new SetImportError(`${folder} holds no MP4/M4A/ISMV files and no asset containers (.ism)`, {
      file: folder,
      hint: 'Point at the folder holding the rungs, or at the .ism.',
    });
  }
  return sets;
}

/** Resolves the paths given to `import` into the sets they describe. */
export async function setSources(inputs: readonly string[], name?: string): Promise<SetSource[]> {
  if (inputs.length === 0) throw new SetImportError('No files given to import');
  const abs = inputs.map((p) => path.resolve(p));
  const kinds = await Promise.all(abs.map(kindOf));
  let sets: SetSource[];
  if (abs.length === 1 && kinds[0] === 'folder') {
    sets = await fromFolder(abs[0]!);
  } else if (kinds.includes('folder')) {
    throw new SetImportError('Give either one folder or several files, not both', { hint: 'Import each folder on its own.' });
  } else if (abs.some((f) => path.extname(f).toLowerCase() === '.ism')) {
    if (abs.length > 1) {
      throw new SetImportError('A .ism names its own files: give the .ism alone', { hint: 'origin-studio import <folder>/<name>.ism' });
    }
    const ismFile = abs[0]!;
    sets = [{ kind: 'ism', name: (await amsSourceName(path.dirname(ismFile))) ?? path.parse(ismFile).name, folder: path.dirname(ismFile), ismFile }];
  } else {
    const notMedia = abs.filter((f) => !isMediaFile(f));
    if (notMedia.length > 0) {
      throw new SetImportError(`${notMedia.map((f) => path.basename(f)).join(', ')}: not an MP4/M4A/ISMV file`, {
        file: notMedia[0]!,
        hint: 'An ABR set is made of MP4, M4A, ISMV/ISMA or CMAF track files; encode other media instead of importing it as a set.',
      });
    }
    const seen = new Map<string, string>();
    for (const f of abs) {
      const other = seen.get(path.basename(f));
      if (other && other !== f) {
        throw new SetImportError(`Two files are named ${path.basename(f)} (${other} and ${f})`, { file: f, hint: 'Rename one of them.' });
      }
      seen.set(path.basename(f), f);
    }
    sets = [{ kind: 'files', name: nameForFiles(abs), files: [...new Set(abs)], base: nameForFiles(abs) }];
  }
  const given = name?.trim();
  if (given && sets.length === 1) sets = [{ ...sets[0]!, name: given }];
  return sets;
}
