import { z } from 'zod';
import type { FilterDefinition } from '../../../packaging-core/index.ts';
import { storedKeyRestrictionSchema } from '../api/contract.ts';
import { listFilterRows } from '../catalog/filters-repo.ts';
import { getLocatorForOrigin } from '../catalog/locators-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { locatorProtection } from '../protection/content-keys.ts';
import type { BlobStore } from './blob-store.ts';
import { assetContainerName } from './names.ts';

/**
 * Locator documents: what a stateless origin needs to serve a locator without the studio's catalog,
 * one JSON blob per locator in the storage account, next to the asset containers. The studio
 * publishes them (LocatorPublisher), `origin-studio serve --storage` reads them (LocatorDirectory).
 * A protected locator's document carries its content key and key delivery policy: whoever can read
 * the storage account can read the media anyway, and the origin must encrypt and deliver the key.
 */

/** Not `$origin`: Azure reserves `$` names for its own containers ($root, $web, $logs). */
export const LOCATOR_CONTAINER = 'origin-locators';
const PREFIX = 'locators/';

export function locatorDocumentBlob(locatorId: string): string {
  return `${PREFIX}${locatorId.toLowerCase()}.json`;
}

const protocolSchema = z.enum(['hls', 'dash', 'smooth', 'download']);

export const locatorDocumentSchema = z.object({
  version: z.literal(1),
  locatorId: z.string().regex(/^[0-9a-f-]{36}$/),
  /** The asset's container in the same account. */
  assetContainer: z.string(),
  protocols: z.array(protocolSchema),
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** Filters attached to the locator, applied to every request. */
  defaultFilters: z.array(z.string()),
  /** Every filter name a URL of this asset may use (its asset filters over the account filters). */
  filters: z.record(z.string(), z.unknown()),
  protection: z
    .object({
      schemes: z.array(z.enum(['cbc', 'cenc', 'cbcs'])),
      keyId: z.string(),
      /** base64 of the 16-byte content key. */
      contentKey: z.string(),
      keyPolicy: storedKeyRestrictionSchema,
    })
    .optional(),
});
export type LocatorDocument = z.infer<typeof locatorDocumentSchema>;

/** The document of a locator of an asset in blob storage; null for other locators (remote origins cannot reach their files). */
export function locatorDocument(catalog: Catalog, locatorId: string): LocatorDocument | null {
  const found = getLocatorForOrigin(catalog, locatorId);
  if (!found || found.storage !== 'blob') return null;
  const { locator } = found;
  const filters: Record<string, FilterDefinition> = {};
  for (const f of listFilterRows(catalog)) if (f.assetId === null) filters[f.name] = f.definition;
  for (const f of listFilterRows(catalog, { assetId: locator.assetId })) if (f.assetId === locator.assetId) filters[f.name] = f.definition;
  const protection = locatorProtection(catalog, locator.id, found.encryptionScheme);
  return {
    version: 1,
    locatorId: locator.id,
    assetContainer: assetContainerName(locator.assetId),
    protocols: [...found.protocols],
    start: locator.start,
    end: locator.end,
    defaultFilters: [...locator.filters],
    filters,
    ...(protection && {
      protection: {
        schemes: [...protection.schemes],
        keyId: protection.keyId,
        contentKey: Buffer.from(protection.contentKey()).toString('base64'),
        keyPolicy: protection.keyPolicy as z.infer<typeof storedKeyRestrictionSchema>,
      },
    }),
  };
}

export interface LocatorPublisherOptions {
  /** How often the catalog is compared with what was published (ms); default 1000. */
  readonly intervalMs?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Keeps the account's locator documents equal to the catalog's locators of blob assets: every
 * interval it builds them (a few SQL reads), writes the changed ones and deletes the removed ones.
 * Comparing instead of hooking every write path means the UI, the CLI and the AMS API all publish,
 * and a studio restarted after a crash repairs the account. It never starts blob storage itself.
 */
export class LocatorPublisher {
  readonly #catalog: Catalog;
  readonly #store: () => Promise<BlobStore | null>;
  readonly #options: LocatorPublisherOptions;
  #published: Map<string, string> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();

  /** `store` resolves to null while blob storage is not in use (nothing to publish). */
  constructor(catalog: Catalog, store: () => Promise<BlobStore | null>, options: LocatorPublisherOptions = {}) {
    this.#catalog = catalog;
    this.#store = store;
    this.#options = options;
  }

  start(): void {
    if (this.#timer) return;
    const tick = (): void => {
      this.#running = this.#running.then(() => this.#sync()).catch((err: unknown) => this.#options.onError?.(err));
    };
    tick();
    this.#timer = setInterval(tick, this.#options.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Publishes now; resolves when the account matches the catalog. */
  syncNow(): Promise<void> {
    const run = this.#running.then(() => this.#sync());
    this.#running = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #wanted(): Map<string, string> {
    const docs = new Map<string, string>();
    const rows = this.#catalog.db
      .prepare(`SELECT l.id FROM streaming_locators l JOIN assets a ON a.id = l.asset_id WHERE a.storage = 'blob'`)
      .all();
    for (const row of rows) {
      const id = String(row.id);
      const doc = locatorDocument(this.#catalog, id);
      if (doc) docs.set(locatorDocumentBlob(id), JSON.stringify(doc));
    }
    return docs;
  }

  async #sync(): Promise<void> {
    const wanted = this.#wanted();
    if (wanted.size === 0 && this.#published === null) return; // blob storage unused so far
    const store = await this.#store();
    if (!store) return;
    if (this.#published === null) {
      if (!(await store.containerExists(LOCATOR_CONTAINER))) await store.createContainer(LOCATOR_CONTAINER).catch(() => undefined);
      // What an earlier run left: compared by content, so a restart rewrites nothing unchanged.
      this.#published = new Map();
      for (const b of await store.listBlobs(LOCATOR_CONTAINER, PREFIX)) this.#published.set(b.name, (await store.read(LOCATOR_CONTAINER, b.name)).toString('utf8'));
    }
    const published = this.#published;
    for (const [name, json] of wanted) {
      if (published.get(name) === json) continue;
      await store.write(LOCATOR_CONTAINER, name, json, { contentType: 'application/json' });
      published.set(name, json);
    }
    for (const name of [...published.keys()]) {
      if (wanted.has(name)) continue;
      await store.deleteBlob(LOCATOR_CONTAINER, name);
      published.delete(name);
    }
  }
}

