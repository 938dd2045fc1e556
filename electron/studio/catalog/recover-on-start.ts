import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from './open-catalog.ts';
import { text } from './sql-row.ts';
import type { JobError } from './types.ts';
import { isAtomicTempFile } from './write-file-atomic.ts';

export const INTERRUPTED_ERROR: JobError = {
  kind: 'interrupted',
  code: 'interrupted',
  message: 'Interrupted (the studio was closed or killed during the job); retry to run it again',
  retryable: true,
};

export interface RecoveryReport {
  /** Jobs that were Processing when the studio stopped, now Error/interrupted. */
  readonly interruptedJobs: readonly string[];
  /** Partial outputs and temp files removed (absolute paths). */
  readonly removed: readonly string[];
}

/**
 * Puts a library back in a consistent state after the studio stopped without warning. Call once at
 * start, before the job queue runs and while no other studio process writes this library: a job
 * still marked Processing cannot be running, so it becomes an interrupted Error (with retry), and
 * partial outputs of such jobs — tmp/ content, asset folders without a catalog row, temp files of
 * atomic writes — are removed. Catalog rows need no repair: SQLite's WAL already dropped any
 * uncommitted transaction.
 */
export function recoverOnStart(catalog: Catalog): RecoveryReport {
  const interruptedJobs = catalog.transaction(() => {
    const ids = catalog.db
      .prepare(`SELECT id FROM jobs WHERE state = 'Processing'`)
      .all()
      .map((r) => text(r, 'id'));
    const now = new Date().toISOString();
    catalog.db
      .prepare(`UPDATE jobs SET state = 'Error', error = ?, ended_at = ? WHERE state = 'Processing'`)
      .run(JSON.stringify(INTERRUPTED_ERROR), now);
    // An asset being written by an interrupted job holds partial media: not publishable.
    catalog.db
      .prepare(`UPDATE assets SET state = 'Error', updated_at = ? WHERE state = 'Processing'`)
      .run(now);
    return ids;
  });

  const removed: string[] = [];
  const remove = (p: string): void => {
    fs.rmSync(p, { recursive: true, force: true });
    removed.push(p);
  };
  const { layout } = catalog;

  for (const entry of readDir(layout.tmpDir)) remove(path.join(layout.tmpDir, entry.name));

  const known = new Set(
    catalog.db
      .prepare('SELECT folder FROM assets')
      .all()
      .map((r) => path.resolve(layout.root, text(r, 'folder'))),
  );
  for (const entry of readDir(layout.assetsDir)) {
    const full = path.join(layout.assetsDir, entry.name);
    if (!known.has(full)) remove(full);
  }

  for (const dir of [layout.root, layout.assetsDir, layout.uploadsDir]) {
    for (const file of findAtomicTempFiles(dir, dir === layout.root ? 0 : 3)) remove(file);
  }
  return { interruptedJobs, removed };
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function findAtomicTempFiles(dir: string, depth: number): string[] {
  const found: string[] = [];
  for (const entry of readDir(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && isAtomicTempFile(entry.name)) found.push(full);
    else if (entry.isDirectory() && depth > 0) found.push(...findAtomicTempFiles(full, depth - 1));
  }
  return found;
}
