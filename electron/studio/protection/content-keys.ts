/**
 * Content keys and content key policies (streaming-formats.md §7): a protected locator gets its own
 * 16-byte key (crypto.randomBytes) and key id at creation, or the ones the user gives (to keep an AMS
 * locator's key), under a content key policy (open, or JWT-restricted). The resolver turns them into
 * the origin's LocatorProtection; the key is read lazily and never put in an object that is logged.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyDeliveryPolicy, LocatorProtection, ProtectionScheme } from '../../../packaging-core/index.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import {
  countKeysUsingPolicy,
  deleteContentKeyPolicyRow,
  getContentKeyPolicy,
  getContentKeyRow,
  getContentKeyWithRestriction,
  insertContentKeyPolicyRow,
  insertContentKeyRow,
  listContentKeyPolicyRows,
  readContentKeyValue,
  type ContentKeyPolicy,
} from '../catalog/content-keys-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { EncryptionScheme } from '../catalog/types.ts';
import { checkTokenPolicy } from './token-policy-check.ts';

export const OPEN_KEY_POLICY = 'Predefined_Open';

const SCHEMES: Readonly<Record<EncryptionScheme, readonly ProtectionScheme[]>> = {
  NoEncryption: [],
  EnvelopeEncryption: ['cbc'],
  CommonEncryptionCenc: ['cenc'],
  CommonEncryptionCbcs: ['cbcs'],
  CommonEncryptionCencAndCbcs: ['cenc', 'cbcs'],
};

export function schemesOf(scheme: EncryptionScheme): readonly ProtectionScheme[] {
  return SCHEMES[scheme];
}

/** AMS's name of one scheme alone (what ListPaths says a path is encrypted with). */
export function encryptionSchemeOf(scheme: ProtectionScheme): Exclude<EncryptionScheme, 'CommonEncryptionCencAndCbcs'> {
  const names = Object.keys(SCHEMES) as EncryptionScheme[];
  const name = names.find((n) => SCHEMES[n].length === 1 && SCHEMES[n][0] === scheme);
  if (name === undefined || name === 'CommonEncryptionCencAndCbcs') throw new Error(`No AMS encryption scheme is ${scheme} alone`);
  return name;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLICY_NAME = /^[A-Za-z0-9_.-]{1,260}$/;

export function listContentKeyPolicies(catalog: Catalog): ContentKeyPolicy[] {
  return listContentKeyPolicyRows(catalog);
}

export function createContentKeyPolicy(
  catalog: Catalog,
  input: { name: string; description?: string; restriction: KeyDeliveryPolicy },
): ContentKeyPolicy {
  if (!POLICY_NAME.test(input.name) || input.name.startsWith('Predefined_')) {
    throw new CatalogError('invalid-argument', `Content key policy name "${input.name}" is not valid: use 1 to 260 letters, digits, '-', '_' or '.', not starting with "Predefined_".`);
  }
  const r = input.restriction;
  if (r.kind === 'token') checkTokenPolicy(r);
  return catalog.transaction(() => {
    if (getContentKeyPolicy(catalog, input.name)) throw new CatalogError('conflict', `A content key policy named "${input.name}" already exists.`);
    insertContentKeyPolicyRow(catalog, { name: input.name, description: input.description ?? null, restriction: r });
    return getContentKeyPolicy(catalog, input.name)!;
  });
}

export function deleteContentKeyPolicy(catalog: Catalog, name: string): boolean {
  return catalog.transaction(() => {
    const policy = getContentKeyPolicy(catalog, name);
    if (!policy) return false;
    if (policy.builtin) throw new CatalogError('conflict', `"${name}" is predefined and cannot be deleted.`);
    const used = countKeysUsingPolicy(catalog, name);
    if (used > 0) throw new CatalogError('conflict', `Content key policy "${name}" protects ${used} locator(s); delete them first.`);
    return deleteContentKeyPolicyRow(catalog, name);
  });
}

export interface ContentKeyInput {
  /** Content key policy; defaults to the streaming policy's default (Predefined_Open). */
  readonly policyName?: string;
  /** A given key id (UUID) and key (32 hex digits or base64 of 16 bytes); generated when absent. */
  readonly keyId?: string;
  readonly key?: string;
}

function parseKey(text: string): Buffer {
  const key = /^[0-9a-f]{32}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 16) throw new CatalogError('invalid-argument', 'A content key is 16 bytes: give 32 hex digits or base64.');
  return key;
}

/** Inside the locator's creation transaction. Returns the key id (the key itself is never returned). */
export function insertContentKey(catalog: Catalog, locatorId: string, defaultPolicy: string | null, input: ContentKeyInput = {}): string {
  const policyName = input.policyName ?? defaultPolicy ?? OPEN_KEY_POLICY;
  if (!getContentKeyPolicy(catalog, policyName)) throw new CatalogError('not-found', `No content key policy named "${policyName}".`);
  if ((input.keyId === undefined) !== (input.key === undefined)) {
    throw new CatalogError('invalid-argument', 'Give both a key id and a key, or neither (to generate them).');
  }
  if (input.keyId !== undefined && !UUID.test(input.keyId)) throw new CatalogError('invalid-argument', `Key id "${input.keyId}" is not a UUID.`);
  const keyId = (input.keyId ?? randomUUID()).toLowerCase();
  const key = input.key !== undefined ? parseKey(input.key) : randomBytes(16);
  insertContentKeyRow(catalog, { locatorId, keyId, key, policyName });
  return keyId;
}

export function contentKeyIdOf(catalog: Catalog, locatorId: string): string | null {
  return getContentKeyRow(catalog, locatorId)?.keyId ?? null;
}

/** The content key policy guarding a locator's key; null for a clear locator. */
export function contentKeyPolicyOf(catalog: Catalog, locatorId: string): string | null {
  return getContentKeyRow(catalog, locatorId)?.policyName ?? null;
}

/** The origin's view of a protected locator, or undefined for a clear one. */
export function locatorProtection(catalog: Catalog, locatorId: string, scheme: EncryptionScheme): LocatorProtection | undefined {
  const schemes = schemesOf(scheme);
  if (schemes.length === 0) return undefined;
  const row = getContentKeyWithRestriction(catalog, locatorId);
  if (!row) {
    // A protected policy without a key must never fall back to clear: an impossible key refuses it.
    throw new CatalogError('not-found', `Locator ${locatorId} uses an encrypting policy but has no content key.`);
  }
  return {
    schemes: new Set(schemes),
    keyId: row.keyId,
    keyPolicy: row.restriction,
    contentKey: () => {
      const value = readContentKeyValue(catalog, locatorId);
      if (!value) throw new CatalogError('not-found', `The content key of locator ${locatorId} is gone.`);
      return value;
    },
  };
}
