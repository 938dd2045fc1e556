/**
 * A least-recently-used map bounded by entry count and by an estimate of bytes per value; the least
 * recently used entries go first when either bound is exceeded. A value larger than the byte bound is
 * still kept alone: the caller asked for it and will use it now.
 */
export interface LruOptions<V> {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly sizeOf: (value: V) => number;
}

export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private readonly options: LruOptions<V>;
  private totalBytes = 0;

  constructor(options: LruOptions<V>) {
    this.options = options;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-inserting moves the key to the most recent end of the Map's order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.options.sizeOf(value);
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    this.evict(key);
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private evict(keep: K): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.totalBytes <= this.options.maxBytes) return;
      if (key === keep) continue;
      this.entries.delete(key);
      this.totalBytes -= entry.bytes;
    }
  }
}
