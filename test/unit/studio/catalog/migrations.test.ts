import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../../../electron/studio/catalog/catalog-error.ts';
import { CATALOG_MIGRATIONS } from '../../../../electron/studio/catalog/catalog-migrations.ts';
import { applyMigrations, type Migration } from '../../../../electron/studio/catalog/migrations.ts';
import { openCatalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { useTempLibraries } from './temp-library.ts';

const libs = useTempLibraries();

function versions(db: DatabaseSync): number[] {
  return db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => Number(r.version));
}

describe('catalog migrations', () => {
  it('creates the library layout and applies every migration once, in WAL mode with foreign keys on', () => {
    const dir = libs.dir();
    const c = libs.open(dir);
    for (const sub of ['catalog.sqlite', 'assets', 'uploads', 'tmp']) expect(fs.existsSync(`${dir}/${sub}`)).toBe(true);
    expect(versions(c.db)).toEqual(CATALOG_MIGRATIONS.map((m) => m.version));
    expect(c.db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    expect(c.db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
    const tables = c.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['assets', 'jobs', 'settings', 'streaming_endpoint', 'streaming_locators', 'streaming_policies', 'transforms']),
    );
  });

  it('is idempotent on reopen: nothing re-applied, data kept', () => {
    const dir = libs.dir();
    const first = openCatalog(dir);
    first.db.prepare(`INSERT INTO settings (key, value) VALUES ('k', '1')`).run();
    first.close();
    const again = libs.open(dir);
    expect(versions(again.db)).toEqual(CATALOG_MIGRATIONS.map((m) => m.version));
    expect(applyMigrations(again.db, CATALOG_MIGRATIONS).applied).toEqual([]);
    expect(again.db.prepare(`SELECT COUNT(*) AS n FROM streaming_policies`).get()?.n).toBe(6);
    expect(again.db.prepare(`SELECT value FROM settings WHERE key = 'k'`).get()?.value).toBe('1');
  });

  it('rolls back a migration that fails midway and keeps the previous version', () => {
    const dir = libs.dir();
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER) STRICT' },
      {
        version: 2,
        name: 'two fails midway',
        up: (db) => {
          db.exec('CREATE TABLE b (x INTEGER) STRICT; INSERT INTO a VALUES (1);');
          db.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    let caught: unknown;
    try {
      openCatalog(dir, { migrations });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CatalogError);
    expect((caught as CatalogError).code).toBe('migration-failed');
    expect((caught as Error).message).toMatch(/schema version 2 \("two fails midway"\).*left unchanged at version 1/);
    const db = new DatabaseSync(`${dir}/catalog.sqlite`);
    try {
      expect(versions(db)).toEqual([1]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).get()).toBeUndefined();
      expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()?.n).toBe(0);
    } finally {
      db.close();
    }
    // Fixing the migration and reopening applies it.
    const fixed: Migration[] = [migrations[0]!, { version: 2, name: 'two', up: 'CREATE TABLE b (x INTEGER) STRICT' }];
    expect(versions(libs.open(dir, { migrations: fixed }).db)).toEqual([1, 2]);
  });

  it('refuses a catalog written by a newer version, naming both versions', () => {
    const dir = libs.dir();
    openCatalog(dir).close();
    expect(() => openCatalog(dir, { migrations: CATALOG_MIGRATIONS.slice(0, 1) })).toThrow(
      new RegExp(`schema version ${CATALOG_MIGRATIONS.length}, but this Origin Studio only knows up to 1`),
    );
  });

  it('rejects a migration list that is not numbered 1..n', () => {
    expect(() => openCatalog(libs.dir(), { migrations: [{ version: 2, name: 'x', up: 'SELECT 1' }] })).toThrow(/numbered 1, 2, 3/);
  });
});
