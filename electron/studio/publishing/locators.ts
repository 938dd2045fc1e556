import { randomUUID } from 'node:crypto';
import { mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import {
  deleteLocatorRow,
  getLocatorById,
  getLocatorByName,
  insertLocator,
  listLocatorRows,
} from '../catalog/locators-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { defaultKeyPolicy, getPolicy } from '../catalog/policies-repo.ts';
import type { StreamingLocator } from '../catalog/types.ts';
import { isGuid } from './guid.ts';
import { insertContentKey, type ContentKeyInput } from '../protection/content-keys.ts';

export interface CreateLocatorInput {
  readonly assetId: string;
  readonly policyName: string;
  /** Display name, unique in the library; defaults to the locator id. */
  readonly name?: string;
  /** Locator id (the GUID in URLs); generated when absent. Lets a user keep the URLs of an AMS locator. */
  readonly id?: string;
  readonly start?: Date | string;
  readonly end?: Date | string;
  /** Protected policies: the content key policy, and optionally a given key id + key (else generated). */
  readonly contentKey?: ContentKeyInput;
  /** Filters applied to every URL of the locator (at most 3), by name: asset or account filters. */
  readonly filters?: readonly string[];
}

const MAX_LOCATOR_FILTERS = 3;

/** The locator's filters must exist when it is created: its URLs would otherwise all answer 404. */
function checkLocatorFilters(catalog: Catalog, assetId: string, names: readonly string[]): string[] {
  const unique = [...new Set(names)];
  if (unique.length > MAX_LOCATOR_FILTERS) {
    throw new CatalogError('invalid-argument', `A locator can carry at most ${MAX_LOCATOR_FILTERS} filters; got ${unique.length} (${unique.join(', ')}).`);
  }
  const missing = unique.filter((name) => !findFilterForAsset(catalog, name, assetId));
  if (missing.length > 0) {
    throw new CatalogError('not-found', `No asset or account filter named ${missing.map((n) => `"${n}"`).join(', ')} for this asset; create it first.`);
  }
  return unique;
}

function toInstant(value: Date | string | undefined, label: string): Date | null {
  if (value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new CatalogError('invalid-argument', `The ${label} time "${String(value)}" is not a valid date; use ISO 8601, e.g. 2030-01-31T12:00:00Z.`);
  }
  return d;
}

/**
 * Publishes an asset (AMS rules, streaming-formats.md §4): the asset must be Finished; the id is a
 * GUID (given, or crypto.randomUUID) stored lower case as it appears in URLs; end must be after start
 * and not already past. Locators are immutable: to change one, delete it and create another.
 */
export function createLocator(catalog: Catalog, input: CreateLocatorInput, now: Date = new Date()): StreamingLocator {
  if (input.id !== undefined && !isGuid(input.id)) {
    throw new CatalogError(
      'invalid-argument',
      `Locator id "${input.id}" is not a GUID: use the 8-4-4-4-12 hex form, e.g. 8f3a1c2e-5b6d-4e7f-9a0b-1c2d3e4f5a6b, or leave it empty to generate one.`,
    );
  }
  const id = (input.id ?? randomUUID()).toLowerCase();
  const name = input.name?.trim() || id;
  if (name.length > 260 || /[\p{Cc}]/u.test(name)) {
    throw new CatalogError('invalid-argument', 'A locator name must be at most 260 characters, without control characters.');
  }
  const start = toInstant(input.start, 'start');
  const end = toInstant(input.end, 'end');
  if (start && end && end.getTime() <= start.getTime()) {
    throw new CatalogError('invalid-argument', `The end time (${end.toISOString()}) must be after the start time (${start.toISOString()}).`);
  }
  if (end && end.getTime() <= now.getTime()) {
    throw new CatalogError('invalid-argument', `The end time (${end.toISOString()}) is already past: the locator would never be valid.`);
  }
  return catalog.transaction(() => {
    const asset = mustGetAsset(catalog, input.assetId);
    if (asset.state !== 'Finished') {
      throw new CatalogError(
        'conflict',
        `Asset "${asset.name}" is ${asset.state}, not Finished: only a finished encode can be published. Wait for its job to finish, or retry it.`,
      );
    }
    const policy = getPolicy(catalog, input.policyName);
    if (!policy) {
      throw new CatalogError('not-found', `No streaming policy named "${input.policyName}".`);
    }
    if (getLocatorById(catalog, id)) {
      throw new CatalogError('conflict', `A streaming locator with id ${id} already exists.`);
    }
    if (getLocatorByName(catalog, name)) {
      throw new CatalogError('conflict', `A streaming locator named "${name}" already exists; names are unique in the library.`);
    }
    const locator: StreamingLocator = {
      id,
      name,
      assetId: asset.id,
      policyName: input.policyName,
      start: start?.toISOString() ?? null,
      end: end?.toISOString() ?? null,
      createdAt: now.toISOString(),
      filters: checkLocatorFilters(catalog, asset.id, input.filters ?? []),
    };
    insertLocator(catalog, locator);
    if (policy.encryptionScheme !== 'NoEncryption') insertContentKey(catalog, locator.id, defaultKeyPolicy(catalog, policy.name), input.contentKey);
    return locator;
  });
}

export function listLocators(catalog: Catalog, filter: { assetId?: string } = {}): StreamingLocator[] {
  return listLocatorRows(catalog, filter);
}

/** By id or by name. */
export function getLocator(catalog: Catalog, idOrName: string): StreamingLocator | null {
  return getLocatorById(catalog, idOrName.toLowerCase()) ?? getLocatorByName(catalog, idOrName);
}

/** Unpublishes: its URLs answer 404 from the next request on. Returns false if there was none. */
export function deleteLocator(catalog: Catalog, idOrName: string): boolean {
  return catalog.transaction(() => {
    const locator = getLocator(catalog, idOrName);
    return locator ? deleteLocatorRow(catalog, locator.id) : false;
  });
}

export type LocatorStatus = 'active' | 'not-yet-valid' | 'expired';

export function locatorStatus(locator: Pick<StreamingLocator, 'start' | 'end'>, now: Date = new Date()): LocatorStatus {
  const t = now.getTime();
  if (locator.start !== null && t < Date.parse(locator.start)) return 'not-yet-valid';
  if (locator.end !== null && t >= Date.parse(locator.end)) return 'expired';
  return 'active';
}
