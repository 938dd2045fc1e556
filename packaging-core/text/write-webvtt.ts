/**
 * WebVTT text out of cues: the normalised file stored in the asset folder, and the segments HLS
 * serves. A segment carries every cue that overlaps its time range, whole (a cue straddling a boundary
 * is in both segments, as RFC 8216 §3.5 asks; players drop the duplicate by identical timing and text).
 */
import type { Cue } from './cues.ts';
import { formatVttTime } from './webvtt-time.ts';

function cueBlock(cue: Cue): string {
  const timing = `${formatVttTime(cue.startMs)} --> ${formatVttTime(cue.endMs)}${cue.settings ? ` ${cue.settings}` : ''}`;
  // A blank line would end the cue early; "-->" in a payload line would read as a timing line.
  const text = cue.text.replace(/\n{2,}/g, '\n').replace(/-->/g, '--&gt;');
  return `${cue.id && !cue.id.includes('-->') ? `${cue.id}\n` : ''}${timing}\n${text}\n`;
}

export function writeWebVtt(cues: readonly Cue[]): string {
  return ['WEBVTT\n', ...cues.map(cueBlock)].join('\n');
}

export interface VttSegmentTiming {
  /** The segment's range on the presentation timeline, milliseconds, [start, end). */
  readonly startMs: number;
  readonly endMs: number;
  /**
   * Where presentation time 0 is on the media clock of the segments the cues go with (RFC 8216
   * §3.5 X-TIMESTAMP-MAP): 90 kHz ticks with the TS muxer's offset for TS, the fMP4 timeline (0) for CMAF.
   */
  readonly mpegtsAtZero: number;
}

/** Cues overlapping [start, end) (a cue ending exactly at start is not in the range). */
export function cuesInRange(cues: readonly Cue[], startMs: number, endMs: number): Cue[] {
  return cues.filter((c) => c.startMs < endMs && c.endMs > startMs);
}

export function writeWebVttSegment(cues: readonly Cue[], timing: VttSegmentTiming): string {
  const header = `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${timing.mpegtsAtZero},LOCAL:00:00:00.000\n`;
  // The closing blank line ends the last cue: clients that read a playlist's segments as one stream
  // (ffmpeg) would otherwise take the next segment's header lines for that cue's text.
  return `${[header, ...cuesInRange(cues, timing.startMs, timing.endMs).map(cueBlock)].join('\n')}\n`;
}
