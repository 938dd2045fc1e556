import { realSourcePath } from './byte-source.ts';
import path from 'node:path';
import { OriginError } from '../types/errors.ts';

/** Resolves a file name inside the asset folder, refusing anything that lands outside (symlinks too). */
export async function containedFile(folder: string, name: string): Promise<string> {
  if (name.includes('/') || name.includes('\\') || name.includes('\0') || name === '..' || name === '.') {
    throw new OriginError(400, 'MPE_BAD_URL_SYNTAX', `Invalid file name ${JSON.stringify(name)}`);
  }
  const notFound = (): never => {
    throw new OriginError(404, 'MPE_RESOURCE_NOT_FOUND', `${name} is not part of this asset`);
  };
  let real: string;
  let realFolder: string;
  try {
    [real, realFolder] = await Promise.all([realSourcePath(path.join(folder, name)), realSourcePath(folder)]);
  } catch {
    return notFound();
  }
  if (!real.startsWith(realFolder + path.sep)) notFound();
  return real;
}

/**
 * containedFile() for the manifest of every streaming request, remembered for `ttlMs`: two realpath
 * calls through the thread pool cost more than packaging a manifest. The presentation cache trusts an
 * asset's files for the same short time, so a moved or re-linked file is noticed as soon as there.
 * Only successes are remembered; a refusal is re-checked on the next request.
 */
export class RecentlyContained {
  private readonly checked = new Map<string, { file: string; at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(ttlMs = 1000, maxEntries = 1024) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  async resolve(folder: string, name: string): Promise<string> {
    const key = `${folder}\0${name}`;
    const now = performance.now();
    const hit = this.checked.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.file;
    const file = await containedFile(folder, name);
    this.checked.delete(key);
    this.checked.set(key, { file, at: now });
    if (this.checked.size > this.maxEntries) this.checked.delete(this.checked.keys().next().value!);
    return file;
  }
}
