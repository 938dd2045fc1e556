import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { CATALOG_MIGRATIONS } from './catalog-migrations.ts';
import { describeStorageError } from './storage-errors.ts';
import { defaultLibraryDir, libraryLayout, type LibraryLayout } from './library-dir.ts';
import { applyMigrations, type Migration } from './migrations.ts';
import { runInTransaction } from './transaction.ts';

export interface Catalog {
  readonly layout: LibraryLayout;
  readonly db: DatabaseSync;
  /** Runs `fn` atomically (BEGIN IMMEDIATE … COMMIT, rollback on throw); use for every multi-step change. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenCatalogOptions {
  /** Replaces the product's schema history (tests). */
  readonly migrations?: readonly Migration[];
  /** How long a write waits for another connection's lock, in ms. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the library at `libraryDir` (default: the OS app-data folder): makes the
 * folder layout, opens catalog.sqlite in WAL mode with foreign keys on, and applies pending migrations.
 */
export function openCatalog(libraryDir: string = defaultLibraryDir(), options: OpenCatalogOptions = {}): Catalog {
  const layout = libraryLayout(libraryDir);
  let db: DatabaseSync;
  try {
    for (const dir of [layout.root, layout.assetsDir, layout.uploadsDir, layout.tmpDir]) {
      fs.mkdirSync(dir, { recursive: true });
    }
    db = new DatabaseSync(layout.catalogFile, {
      enableForeignKeyConstraints: true,
      timeout: options.busyTimeoutMs ?? 5000,
    });
  } catch (err) {
    throw describeStorageError(err, `the library at ${layout.root}`);
  }
  try {
    // WAL: readers (the origin) never block the writer; NORMAL sync is durable across process
    // crashes in WAL mode (only an OS crash can lose the last commits, never corrupt the file).
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    applyMigrations(db, options.migrations ?? CATALOG_MIGRATIONS);
  } catch (err) {
    db.close();
    throw describeStorageError(err, layout.catalogFile);
  }
  return {
    layout,
    db,
    transaction: (fn) => runInTransaction(db, fn, layout.catalogFile),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}
