import { CatalogError } from './catalog-error.ts';
import type { Catalog } from './open-catalog.ts';
import { int, json, text, textOrNull, type Row } from './sql-row.ts';
import type { Transform } from './types.ts';

function toTransform(row: Row): Transform {
  return {
    name: text(row, 'name'),
    description: textOrNull(row, 'description'),
    definition: json<unknown>(row, 'definition'),
    builtin: int(row, 'builtin') === 1,
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export interface TransformInput {
  readonly name: string;
  readonly description?: string | null;
  readonly definition: unknown;
  readonly builtin?: boolean;
}

/** Creates or replaces a transform; built-in ones can only be replaced by built-in seeding. */
export function upsertTransform(catalog: Catalog, input: TransformInput): Transform {
  return catalog.transaction(() => upsertTransformRow(catalog, input));
}

function upsertTransformRow(catalog: Catalog, input: TransformInput): Transform {
  const existing = getTransform(catalog, input.name);
  if (existing?.builtin && !input.builtin) {
    throw new CatalogError('conflict', `"${input.name}" is a built-in transform and cannot be changed; save it under another name.`);
  }
  const now = new Date().toISOString();
  catalog.db
    .prepare(
      `INSERT INTO transforms (name, description, definition, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET description = excluded.description, definition = excluded.definition,
         builtin = excluded.builtin, updated_at = excluded.updated_at`,
    )
    .run(input.name, input.description ?? null, JSON.stringify(input.definition ?? null), input.builtin ? 1 : 0, now, now);
  const saved = getTransform(catalog, input.name);
  if (!saved) throw new Error(`transform ${input.name} vanished after upsert`);
  return saved;
}

export function getTransform(catalog: Catalog, name: string): Transform | null {
  const row = catalog.db.prepare('SELECT * FROM transforms WHERE name = ?').get(name);
  return row ? toTransform(row) : null;
}

export function mustGetTransform(catalog: Catalog, name: string): Transform {
  const transform = getTransform(catalog, name);
  if (!transform) throw new CatalogError('not-found', `No transform named "${name}"; create it or choose an existing one.`);
  return transform;
}

export function listTransforms(catalog: Catalog): Transform[] {
  return catalog.db.prepare('SELECT * FROM transforms ORDER BY builtin DESC, name').all().map(toTransform);
}

export function deleteTransform(catalog: Catalog, name: string): boolean {
  return catalog.transaction(() => deleteTransformRow(catalog, name));
}

function deleteTransformRow(catalog: Catalog, name: string): boolean {
  const t = getTransform(catalog, name);
  if (!t) return false;
  if (t.builtin) throw new CatalogError('conflict', `"${name}" is a built-in transform and cannot be deleted.`);
  const used = catalog.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE transform_name = ?').get(name);
  if (used && int(used, 'n') > 0) {
    throw new CatalogError('conflict', `Transform "${name}" is used by ${int(used, 'n')} job(s); delete those jobs first.`);
  }
  return Number(catalog.db.prepare('DELETE FROM transforms WHERE name = ?').run(name).changes) > 0;
}
