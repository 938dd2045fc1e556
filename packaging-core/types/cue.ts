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
