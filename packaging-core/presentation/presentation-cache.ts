import path from 'node:path';
import { assetVersion, stampFiles } from './asset-version.ts';
import { openPresentation } from './open-presentation.ts';
import type { Presentation } from '../types/media.ts';
import { LruCache } from './lru-cache.ts';
import { ORIGIN_MEMORY } from '../io/memory-budget.ts';
import { presentationBytes } from './presentation-bytes.ts';

export interface PresentationCacheOptions {
  readonly maxEntries?: number;
  /** Estimated bytes of typed arrays kept across all cached presentations. */
  readonly maxBytes?: number;
  /** How long a presentation is trusted before its files are stat'ed again. */
  readonly recheckMs?: number;
  readonly now?: () => number;
  readonly open?: (folder: string, ismName: string) => Promise<Presentation>;
}

interface Entry {
  readonly presentation: Presentation;
  readonly files: readonly string[];
  checkedAt: number;
}

function filesOf(p: Presentation): string[] {
  const files = new Set<string>([path.join(p.folder, p.ismName)]);
  for (const t of [...p.video, ...p.audio, ...(p.text ?? [])]) files.add(t.file);
  return [...files];
}

/**
 * Opened presentations by asset: a request gets the cached one while the asset's files are unchanged
 * (re-stat'ed at most once per `recheckMs`), and concurrent requests for an asset share one open.
 * Failures are not cached: fixing the file fixes the next request.
 */
export class PresentationCache {
  private readonly lru: LruCache<string, Entry>;
  private readonly pending = new Map<string, Promise<Presentation>>();
  private readonly recheckMs: number;
  private readonly now: () => number;
  private readonly open: (folder: string, ismName: string) => Promise<Presentation>;

  constructor(options: PresentationCacheOptions = {}) {
    this.lru = new LruCache<string, Entry>({
      maxEntries: options.maxEntries ?? 64,
      // The last one opened stays even if larger (memory-budget.ts says what the default holds).
      maxBytes: options.maxBytes ?? ORIGIN_MEMORY.presentations,
      sizeOf: (e) => presentationBytes(e.presentation),
    });
    this.recheckMs = options.recheckMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.open = options.open ?? openPresentation;
  }

  get size(): number {
    return this.lru.size;
  }

  /** Estimated bytes of the presentations held. */
  get bytes(): number {
    return this.lru.bytes;
  }

  get(folder: string, ismName: string): Promise<Presentation> {
    const key = `${path.resolve(folder)}\0${ismName}`;
    const entry = this.lru.get(key);
    if (entry && this.now() - entry.checkedAt < this.recheckMs) return Promise.resolve(entry.presentation);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const work = this.refresh(key, folder, ismName, entry).finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }

  invalidate(folder: string, ismName: string): void {
    this.lru.delete(`${path.resolve(folder)}\0${ismName}`);
  }

  clear(): void {
    this.lru.clear();
  }

  private async refresh(key: string, folder: string, ismName: string, entry: Entry | undefined): Promise<Presentation> {
    if (entry) {
      const version = assetVersion(await stampFiles(entry.files));
      if (version === entry.presentation.version) {
        entry.checkedAt = this.now();
        return entry.presentation;
      }
      this.lru.delete(key);
    }
    const presentation = await this.open(folder, ismName);
    this.lru.set(key, { presentation, files: filesOf(presentation), checkedAt: this.now() });
    return presentation;
  }
}
