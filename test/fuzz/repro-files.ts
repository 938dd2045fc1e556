/**
 * Reproducers: one small JSON file per failing input (the target, the input as generated — base file,
 * mutation list and seed, or method, path and headers — and what went wrong when it was found). The
 * long mode writes them; `test/fuzz/repros/` keeps them, and a test replays every one.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaInput } from './media-target.ts';
import type { UrlInput } from './url-target.ts';

export const REPRO_DIR = path.join(import.meta.dirname, 'repros');

export type Repro =
  | { readonly target: 'mp4'; readonly found: string; readonly run?: string; readonly input: MediaInput }
  | { readonly target: 'url'; readonly found: string; readonly run?: string; readonly input: UrlInput };

export async function writeRepro(dir: string, name: string, repro: Repro): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(repro, null, 1)}\n`);
  return file;
}

export async function readRepros(dir = REPRO_DIR): Promise<{ name: string; repro: Repro }[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => ({ name, repro: JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Repro })));
}
