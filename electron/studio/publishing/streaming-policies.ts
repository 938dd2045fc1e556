import type { Protocol } from '../../../packaging-core/index.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { countLocatorsUsingPolicy, deletePolicyRow, getPolicy, insertPolicy } from '../catalog/policies-repo.ts';
import type { StreamingPolicy } from '../catalog/types.ts';

/** AMS's clear predefined policies, seeded by catalog migration 2. */
export const PREDEFINED_POLICIES = {
  downloadOnly: 'Predefined_DownloadOnly',
  clearStreamingOnly: 'Predefined_ClearStreamingOnly',
  downloadAndClearStreaming: 'Predefined_DownloadAndClearStreaming',
} as const;

const PROTOCOLS: readonly Protocol[] = ['hls', 'dash', 'smooth', 'download'];
// AMS resource names: letters, digits, '-', '_' and '.', up to 260 characters.
const POLICY_NAME = /^[A-Za-z0-9_.-]{1,260}$/;

export interface CustomPolicyInput {
  readonly name: string;
  readonly protocols: readonly Protocol[];
}

/** A custom clear policy enabling a chosen set of protocols (hls, dash, smooth, download). */
export function createStreamingPolicy(catalog: Catalog, input: CustomPolicyInput): StreamingPolicy {
  if (!POLICY_NAME.test(input.name)) {
    throw new CatalogError(
      'invalid-argument',
      `Policy name "${input.name}" is not valid: use 1 to 260 letters, digits, '-', '_' or '.'.`,
    );
  }
  if (input.name.startsWith('Predefined_')) {
    throw new CatalogError('invalid-argument', `Names starting with "Predefined_" are reserved for built-in policies.`);
  }
  const unknown = input.protocols.filter((p) => !PROTOCOLS.includes(p));
  if (unknown.length > 0) {
    throw new CatalogError('invalid-argument', `Unknown protocol(s) ${unknown.join(', ')}: choose from ${PROTOCOLS.join(', ')}.`);
  }
  const protocols = PROTOCOLS.filter((p) => input.protocols.includes(p));
  if (protocols.length === 0) {
    throw new CatalogError('invalid-argument', 'A streaming policy must enable at least one protocol (hls, dash, smooth or download).');
  }
  return catalog.transaction(() => {
    if (getPolicy(catalog, input.name)) {
      throw new CatalogError('conflict', `A streaming policy named "${input.name}" already exists; choose another name.`);
    }
    return insertPolicy(catalog, { name: input.name, protocols, encryptionScheme: 'NoEncryption' });
  });
}

export function deleteStreamingPolicy(catalog: Catalog, name: string): boolean {
  return catalog.transaction(() => {
    const policy = getPolicy(catalog, name);
    if (!policy) return false;
    if (policy.builtin) throw new CatalogError('conflict', `"${name}" is a predefined policy and cannot be deleted.`);
    const used = countLocatorsUsingPolicy(catalog, name);
    if (used > 0) {
      throw new CatalogError('conflict', `Policy "${name}" is used by ${used} streaming locator(s); delete them first.`);
    }
    return deletePolicyRow(catalog, name);
  });
}
