import type { Catalog } from '../catalog/open-catalog.ts';
import { textOrNull } from '../catalog/sql-row.ts';

/** The content key policy a streaming policy names as its default (AMS defaultContentKeyPolicyName). */
export function defaultKeyPolicy(catalog: Catalog, streamingPolicy: string): string | null {
  const row = catalog.db.prepare('SELECT default_content_key_policy FROM streaming_policies WHERE name = ?').get(streamingPolicy);
  return row ? textOrNull(row, 'default_content_key_policy') : null;
}
