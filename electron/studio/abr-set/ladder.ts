import type { StreamingFormat } from '../../../packaging-core/index.ts';

/** The ladder a set import found: what the drop dialog shows before importing and what the CLI prints. */
export interface LadderVideo {
  /** File name inside the asset (relative to the .ism). */
  readonly file: string;
  readonly trackId: number;
  readonly codec: string;
  readonly codecString: string | null;
  readonly width: number | null;
  readonly height: number | null;
  /** The `systemBitrate`: the number in `QualityLevels(…)`. */
  readonly bitrate: number;
  readonly frameRate: number;
}

export interface LadderAudio {
  readonly file: string;
  readonly trackId: number;
  readonly codec: string;
  readonly codecString: string | null;
  readonly language: string;
  readonly channels: number | null;
  readonly bitrate: number;
  readonly trackName: string;
  /** Other files muxing the very same stream (deduplicated: served once). */
  readonly alsoIn: readonly string[];
}

export interface SetLadder {
  /** The asset name (AMS container name, folder name or the files' base name). */
  readonly name: string;
  /** `files`: loose files, the studio writes the .ism; `ism`: a .ism (AMS container, mp4split) kept as is. */
  readonly source: 'files' | 'ism';
  readonly ismName: string;
  readonly durationSec: number;
  readonly video: readonly LadderVideo[];
  readonly audio: readonly LadderAudio[];
  /** Every file the asset will hold (relative paths). */
  readonly files: readonly string[];
  /** The streaming formats that will serve it (by its codecs); the others answer 415 naming the codec. */
  readonly formats: readonly StreamingFormat[];
}
