import type { DatabaseSync } from 'node:sqlite';
import { CatalogError } from './catalog-error.ts';
import { runInTransaction } from './transaction.ts';

/**
 * One step of the catalog schema. Versions are consecutive from 1; a released migration is never
 * edited (a database that already ran it would not run it again), only followed by a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string | ((db: DatabaseSync) => void);
}

export interface MigrationResult {
  readonly applied: readonly number[];
  readonly version: number;
}

function currentVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get();
  const v = row?.v;
  return typeof v === 'number' ? v : 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Catalog migrations must be numbered 1, 2, 3 … in order; #${i + 1} is "${m.name}" v${m.version}`);
    }
  });
}

/**
 * Brings the database to the latest schema: each pending migration runs in its own transaction with
 * its schema_migrations row, so a failure leaves the catalog at the previous version, unchanged.
 */
export function applyMigrations(db: DatabaseSync, migrations: readonly Migration[]): MigrationResult {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const latest = migrations.length;
  const from = currentVersion(db);
  if (from > latest) {
    throw new CatalogError(
      'newer-schema',
      `This library's catalog is at schema version ${from}, but this Origin Studio only knows up to ${latest}: ` +
        'it was opened by a newer version. Update Origin Studio, or choose another library folder.',
    );
  }
  const applied: number[] = [];
  for (const m of migrations.slice(from)) {
    try {
      runInTransaction(db, () => {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
      });
    } catch (err) {
      if (err instanceof CatalogError && err.code === 'disk-full') throw err;
      throw new CatalogError(
        'migration-failed',
        `Could not upgrade the catalog to schema version ${m.version} ("${m.name}"): ${err instanceof Error ? err.message : String(err)}. ` +
          `The catalog was left unchanged at version ${currentVersion(db)}.`,
        { cause: err },
      );
    }
    applied.push(m.version);
  }
  return { applied, version: currentVersion(db) };
}
