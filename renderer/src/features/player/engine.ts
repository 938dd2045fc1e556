/** What the stats panel reads from whichever library plays the stream. */
export interface EngineStats {
  readonly rendition: string | null;
  readonly width: number | null;
  readonly height: number | null;
  /** The player's bandwidth estimate in bits per second. */
  readonly bandwidthEstimate: number | null;
  readonly switches: number;
  /** Video renditions the player was offered (a filter that drops rungs shows here); null before load. */
  readonly renditions: number | null;
}

export interface PlayerError {
  readonly message: string;
  /** The request that failed, when the player says. */
  readonly url: string | null;
}

export interface PlayerEngine {
  readonly name: string;
  load(url: string): Promise<void>;
  stats(): EngineStats;
  destroy(): Promise<void>;
}

export type EngineFactory = (video: HTMLVideoElement, onError: (e: PlayerError) => void) => Promise<PlayerEngine>;

/** The first http(s) URL found in a player's error payload (shaka puts the URI in `data[0]`). */
export function urlIn(data: unknown): string | null {
  if (typeof data === 'string') return /^https?:\/\//.test(data) ? data : null;
  if (Array.isArray(data)) {
    for (const d of data) {
      const u = urlIn(d);
      if (u) return u;
    }
  } else if (data && typeof data === 'object') {
    for (const key of ['url', 'uri', 'originalUri']) {
      const u = urlIn((data as Record<string, unknown>)[key]);
      if (u) return u;
    }
  }
  return null;
}
