import type { KeyDeliveryPolicy } from '../../../packaging-core/index.ts';
import type { Catalog } from './open-catalog.ts';
import { int, json, text, textOrNull, type Row } from './sql-row.ts';

// Rows only: the rules (names, restrictions, key formats, clear never by accident) live in protection/.

export interface ContentKeyPolicy {
  readonly name: string;
  readonly description: string | null;
  readonly restriction: KeyDeliveryPolicy;
  readonly builtin: boolean;
  readonly createdAt: string;
}

/** A locator's content key without its value (which is read only when a key is delivered). */
export interface ContentKeyRow {
  readonly keyId: string;
  readonly policyName: string;
}

function toPolicy(row: Row): ContentKeyPolicy {
  return {
    name: text(row, 'name'),
    description: textOrNull(row, 'description'),
    restriction: json<KeyDeliveryPolicy>(row, 'restriction'),
    builtin: int(row, 'builtin') === 1,
    createdAt: text(row, 'created_at'),
  };
}

export function listContentKeyPolicyRows(catalog: Catalog): ContentKeyPolicy[] {
  return catalog.db.prepare('SELECT * FROM content_key_policies ORDER BY builtin DESC, name').all().map(toPolicy);
}

export function getContentKeyPolicy(catalog: Catalog, name: string): ContentKeyPolicy | null {
  const row = catalog.db.prepare('SELECT * FROM content_key_policies WHERE name = ?').get(name);
  return row ? toPolicy(row) : null;
}

export function insertContentKeyPolicyRow(catalog: Catalog, input: { name: string; description: string | null; restriction: KeyDeliveryPolicy }): void {
  catalog.db
    .prepare('INSERT INTO content_key_policies (name, description, restriction, builtin, created_at) VALUES (?, ?, ?, 0, ?)')
    .run(input.name, input.description, JSON.stringify(input.restriction), new Date().toISOString());
}

export function countKeysUsingPolicy(catalog: Catalog, name: string): number {
  const row = catalog.db.prepare('SELECT COUNT(*) AS n FROM content_keys WHERE policy_name = ?').get(name);
  return row ? int(row, 'n') : 0;
}

export function deleteContentKeyPolicyRow(catalog: Catalog, name: string): boolean {
  return Number(catalog.db.prepare('DELETE FROM content_key_policies WHERE name = ?').run(name).changes) > 0;
}

export function insertContentKeyRow(catalog: Catalog, input: { locatorId: string; keyId: string; key: Uint8Array; policyName: string }): void {
  catalog.db
    .prepare('INSERT INTO content_keys (locator_id, key_id, key_value, policy_name, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(input.locatorId, input.keyId, input.key, input.policyName, new Date().toISOString());
}

export function getContentKeyRow(catalog: Catalog, locatorId: string): ContentKeyRow | null {
  const row = catalog.db.prepare('SELECT key_id, policy_name FROM content_keys WHERE locator_id = ?').get(locatorId);
  return row ? { keyId: text(row, 'key_id'), policyName: text(row, 'policy_name') } : null;
}

/** The key id with its policy's restriction, in one read (the origin asks per request). */
export function getContentKeyWithRestriction(catalog: Catalog, locatorId: string): { keyId: string; restriction: KeyDeliveryPolicy } | null {
  const row = catalog.db
    .prepare('SELECT k.key_id, p.restriction FROM content_keys k JOIN content_key_policies p ON p.name = k.policy_name WHERE k.locator_id = ?')
    .get(locatorId);
  return row ? { keyId: text(row, 'key_id'), restriction: json<KeyDeliveryPolicy>(row, 'restriction') } : null;
}

/** The 16 key bytes, or null when the key is gone. */
export function readContentKeyValue(catalog: Catalog, locatorId: string): Uint8Array | null {
  const value = catalog.db.prepare('SELECT key_value FROM content_keys WHERE locator_id = ?').get(locatorId)?.key_value;
  return value instanceof Uint8Array ? Uint8Array.from(value) : null;
}
