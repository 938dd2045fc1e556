/** What the stats panel reads from whichever library plays the stream. */
export interface EngineStats {
  /** The player's bandwidth estimate in bits per second. */
  readonly bandwidthEstimate: number | null;
  readonly switches: number;
  /** Video renditions the player was offered (a filter that drops rungs shows here); null before load. */
  readonly renditions: number | null;
}

/** A video rendition as the player offers it; `key` is the player's own id for it. */
export interface RungChoice {
  readonly key: string;
  readonly width: number | null;
  readonly height: number | null;
  /** The bitrate the manifest declares for it (formats differ: HLS counts audio in, DASH does not). */
  readonly bandwidth: number | null;
}

/** An audio or text track as the player offers it. */
export interface TrackChoice {
  readonly key: string;
  readonly language: string;
  readonly label: string | null;
  /** The manifest marks it as the default (text is shown only then, until the user picks). */
  readonly isDefault: boolean;
}

/** What can be switched, and what is switched on now. */
export interface EngineTracks {
  readonly rungs: readonly RungChoice[];
  /** The rendition the player has chosen (by ABR or by the user); null before it has. */
  readonly chosenRung: string | null;
  readonly abr: boolean;
  readonly audio: readonly TrackChoice[];
  readonly activeAudio: string | null;
  readonly text: readonly TrackChoice[];
  /** null = captions off. */
  readonly activeText: string | null;
}

export const NO_TRACKS: EngineTracks = { rungs: [], chosenRung: null, abr: true, audio: [], activeAudio: null, text: [], activeText: null };

export interface PlayerError {
  readonly message: string;
  /** The request that failed, when the player says. */
  readonly url: string | null;
}

export interface PlayerEngine {
  readonly name: string;
  load(url: string): Promise<void>;
  stats(): EngineStats;
  tracks(): EngineTracks;
  /** ABR on lets the player pick; off holds the current rendition. */
  setAbr(on: boolean): void;
  /** Plays this rendition only (ABR off). */
  selectRung(key: string): void;
  selectAudio(key: string): void;
  /** null turns captions off. */
  selectText(key: string | null): void;
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
