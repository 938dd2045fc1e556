import type { Protocol } from '../../../packaging-core/index.ts';
import type { Catalog } from './open-catalog.ts';
import { int, json, oneOf, text, textOrNull, type Row } from './sql-row.ts';
import { ENCRYPTION_SCHEMES, type EncryptionScheme, type StreamingPolicy } from './types.ts';

function toPolicy(row: Row): StreamingPolicy {
  return {
    name: text(row, 'name'),
    protocols: json<Protocol[]>(row, 'protocols'),
    encryptionScheme: oneOf<EncryptionScheme>(row, 'encryption_scheme', ENCRYPTION_SCHEMES),
    builtin: int(row, 'builtin') === 1,
    createdAt: text(row, 'created_at'),
  };
}

export function insertPolicy(
  catalog: Catalog,
  policy: Pick<StreamingPolicy, 'name' | 'protocols' | 'encryptionScheme'>,
): StreamingPolicy {
  catalog.db
    .prepare(
      'INSERT INTO streaming_policies (name, protocols, encryption_scheme, builtin, created_at) VALUES (?, ?, ?, 0, ?)',
    )
    .run(policy.name, JSON.stringify(policy.protocols), policy.encryptionScheme, new Date().toISOString());
  const saved = getPolicy(catalog, policy.name);
  if (!saved) throw new Error(`policy ${policy.name} vanished after insert`);
  return saved;
}

export function getPolicy(catalog: Catalog, name: string): StreamingPolicy | null {
  const row = catalog.db.prepare('SELECT * FROM streaming_policies WHERE name = ?').get(name);
  return row ? toPolicy(row) : null;
}

export function listPolicies(catalog: Catalog): StreamingPolicy[] {
  return catalog.db.prepare('SELECT * FROM streaming_policies ORDER BY builtin DESC, name').all().map(toPolicy);
}

export function countLocatorsUsingPolicy(catalog: Catalog, name: string): number {
  const row = catalog.db.prepare('SELECT COUNT(*) AS n FROM streaming_locators WHERE policy_name = ?').get(name);
  return row ? int(row, 'n') : 0;
}

export function deletePolicyRow(catalog: Catalog, name: string): boolean {
  return Number(catalog.db.prepare('DELETE FROM streaming_policies WHERE name = ? AND builtin = 0').run(name).changes) > 0;
}

/** The content key policy a streaming policy names as its default (AMS defaultContentKeyPolicyName). */
export function defaultKeyPolicy(catalog: Catalog, streamingPolicy: string): string | null {
  const row = catalog.db.prepare('SELECT default_content_key_policy FROM streaming_policies WHERE name = ?').get(streamingPolicy);
  return row ? textOrNull(row, 'default_content_key_policy') : null;
}
