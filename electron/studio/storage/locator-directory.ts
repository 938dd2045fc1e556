import path from 'node:path';
import type { FilterDefinition, LocatorResolver, ProtectionScheme, Protocol, ResolvedLocator } from '../../../packaging-core/index.ts';
import type { BlobStore } from './blob-store.ts';
import { LOCATOR_CONTAINER, locatorDocumentSchema, type LocatorDocument } from './locator-documents.ts';

export interface LocatorDirectoryOptions {
  /** The list of documents is re-read this often (ms); default 2000. */
  readonly pollMs?: number;
  /** An unknown locator re-reads the list at most this often (ms); default 500. */
  readonly missRefreshMs?: number;
  readonly now?: () => number;
  readonly onError?: (err: unknown) => void;
}

interface Known {
  readonly etag: string;
  readonly doc: LocatorDocument;
}

/**
 * A stateless origin's locators: the documents the studio published in the storage account, listed
 * every `pollMs` (only changed ETags are re-read) and on a miss (at most every `missRefreshMs`), so a
 * new locator serves on its first request once published, and a deleted one stops within `pollMs`.
 */
export class LocatorDirectory {
  readonly #store: BlobStore;
  readonly #volumeRoot: string;
  readonly #options: LocatorDirectoryOptions;
  readonly #known = new Map<string, Known>();
  #refreshedAt = -Infinity;
  #refreshing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;

  /** `volumeRoot`: where the store is mounted as a byte-source volume (asset containers below it). */
  constructor(store: BlobStore, volumeRoot: string, options: LocatorDirectoryOptions = {}) {
    this.#store = store;
    this.#volumeRoot = volumeRoot;
    this.#options = options;
  }

  get size(): number {
    return this.#known.size;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh().catch((err: unknown) => this.#options.onError?.(err)), this.#options.pollMs ?? 2000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #now(): number {
    return this.#options.now?.() ?? performance.now();
  }

  /** Re-reads the list (concurrent callers share one read). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = null;
      this.#refreshedAt = this.#now();
    });
    return this.#refreshing;
  }

  async #load(): Promise<void> {
    if (!(await this.#store.containerExists(LOCATOR_CONTAINER))) {
      this.#known.clear();
      return;
    }
    const listed = await this.#store.listBlobs(LOCATOR_CONTAINER, 'locators/');
    const seen = new Set<string>();
    for (const b of listed) {
      const id = /^locators\/([0-9a-f-]{36})\.json$/.exec(b.name)?.[1];
      if (!id) continue;
      seen.add(id);
      if (this.#known.get(id)?.etag === b.etag) continue;
      try {
        const doc = locatorDocumentSchema.parse(JSON.parse((await this.#store.read(LOCATOR_CONTAINER, b.name)).toString('utf8')));
        if (doc.locatorId !== id) throw new Error(`the document says locator ${doc.locatorId}`);
        this.#known.set(id, { etag: b.etag, doc });
      } catch (err) {
        // A document deleted between list and read, or one this version cannot read: not served.
        this.#known.delete(id);
        this.#options.onError?.(new Error(`Locator document ${b.name} is unusable: ${(err as Error).message}`, { cause: err }));
      }
    }
    for (const id of [...this.#known.keys()]) if (!seen.has(id)) this.#known.delete(id);
  }

  resolver(clock: () => Date = () => new Date()): LocatorResolver {
    return async (locatorId) => {
      const id = locatorId.toLowerCase();
      let known = this.#known.get(id);
      if (!known && this.#now() - this.#refreshedAt >= (this.#options.missRefreshMs ?? 500)) {
        await this.refresh().catch((err: unknown) => this.#options.onError?.(err));
        known = this.#known.get(id);
      }
      return known ? this.#resolved(known.doc, clock()) : null;
    };
  }

  #resolved(doc: LocatorDocument, now: Date): ResolvedLocator | null {
    const start = doc.start === null ? undefined : new Date(doc.start);
    const end = doc.end === null ? undefined : new Date(doc.end);
    if (start && now.getTime() < start.getTime()) return null;
    if (end && now.getTime() >= end.getTime()) return null;
    const p = doc.protection;
    return {
      folder: path.join(this.#volumeRoot, doc.assetContainer),
      protocols: new Set<Protocol>(doc.protocols),
      resolveFilter: (name) => (doc.filters[name] as FilterDefinition | undefined) ?? null,
      ...(doc.defaultFilters.length > 0 && { defaultFilters: doc.defaultFilters }),
      ...(start && { start }),
      ...(end && { end }),
      ...(p && {
        protection: {
          schemes: new Set<ProtectionScheme>(p.schemes),
          keyId: p.keyId,
          keyPolicy: p.keyPolicy,
          contentKey: () => Buffer.from(p.contentKey, 'base64'),
        },
      }),
    };
  }
}
