import type { Catalog } from './open-catalog.ts';
import { text } from './sql-row.ts';

/** Free-form preferences (JSON values by key), e.g. `jobs.concurrency`. */
export function getSetting<T>(catalog: Catalog, key: string, fallback: T): T {
  const row = catalog.db.prepare('SELECT value FROM settings WHERE key = ?').get(key);
  return row ? (JSON.parse(text(row, 'value')) as T) : fallback;
}

export function setSetting(catalog: Catalog, key: string, value: unknown): void {
  catalog.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(key, JSON.stringify(value));
}

export function deleteSetting(catalog: Catalog, key: string): void {
  catalog.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}
