/**
 * A text track as the origin holds it: cues with whole-millisecond times (WebVTT's own precision), so
 * every format writes the same numbers the source file had. Pure types.
 */
export interface Cue {
  /** Cue identifier (WebVTT), or '' when the source had none. */
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  /** WebVTT cue settings as written (`align:start line:90%`), '' when none. */
  readonly settings: string;
  /** Cue payload, WebVTT markup allowed, lines joined by '\n'. */
  readonly text: string;
}

/** A subtitle file that cannot be read: says the file, the line and what is wrong there. */
export class TextTrackError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'TextTrackError';
    this.line = line;
  }
}
