/**
 * The shared real-world media corpus (its README says what each file is). It sits beside the
 * repository (`../shared/media-corpus`); ORIGIN_STUDIO_CORPUS points elsewhere, and the machine's
 * fixed location is the fallback for a clone made somewhere else.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const candidates = [
  process.env['ORIGIN_STUDIO_CORPUS'],
  path.resolve(import.meta.dirname, '../../../shared/media-corpus'),
  '/work/shared/media-corpus',
].filter((p): p is string => Boolean(p));

export const CORPUS = candidates.find((p) => existsSync(p)) ?? candidates[0]!;

export const corpusFile = (name: string): string => path.join(CORPUS, name);
