// A byte-bounded LRU cache with a time to live (Core's disk cache: storage.disk.cache.*).
export interface LruCacheOptions {
  /** 0 = no limit. */
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  size: number;
  expires: number;
}

export class LruCache<V> {
  // Map keeps insertion order: re-inserting on access makes the first key the least recently used.
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: LruCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number): void {
    const { maxBytes } = this.options;
    if (maxBytes > 0 && size > maxBytes) return;
    this.delete(key);
    this.entries.set(key, { value, size, expires: this.now() + this.options.ttlMs });
    this.bytes += size;
    if (maxBytes > 0) {
      for (const [oldest] of this.entries) {
        if (this.bytes <= maxBytes) break;
        this.delete(oldest);
      }
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }
}
