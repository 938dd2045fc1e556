import { realSourcePath } from '../io/byte-source.ts';
import path from 'node:path';
import { MediaError } from '../types/errors.ts';

function escapes(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
}

/**
 * The absolute path of a `.ism` src, which must name a file strictly inside the asset folder: no
 * absolute paths, no `..`, and no symlink that leads out of the folder (an asset folder may come from
 * someone else; the origin must not serve arbitrary files).
 */
export async function resolveSource(folder: string, src: string, ismName: string): Promise<string> {
  const segments = src.split(/[\\/]/);
  if (path.isAbsolute(src) || /^[a-zA-Z]:/.test(src) || src.startsWith('\\') || segments.includes('..')) {
    throw new MediaError(`${ismName} refers to "${src}": sources must be relative paths inside the asset folder`);
  }
  const candidate = path.resolve(folder, src);
  if (escapes(path.resolve(folder), candidate)) {
    throw new MediaError(`${ismName} refers to "${src}", which is not a file inside the asset folder`);
  }
  let real: string;
  try {
    real = await realSourcePath(candidate);
  } catch {
    throw new MediaError(`${ismName} refers to ${src}, which does not exist in ${folder}`, candidate);
  }
  const realFolder = await realSourcePath(folder);
  if (escapes(realFolder, real)) {
    throw new MediaError(`${ismName} refers to ${src}, a link that leads outside the asset folder`, candidate);
  }
  return real;
}
