/**
 * Reads a thumbnail WebVTT (encoding/thumbnails.ts writes one per asset; other tools write the same
 * shape): cues whose payload is `image.jpg#xywh=x,y,w,h`, the convention players use for seek
 * previews. Timestamps are WebVTT's `[hh:]mm:ss.ttt`; cue identifiers and cue settings are allowed.
 */

export interface ThumbnailCue {
  readonly start: number;
  readonly end: number;
  /** The image the payload names, without the fragment (relative to the VTT). */
  readonly image: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const TIME = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const TIMING = /^(\S+)\s+-->\s+(\S+)(?:\s.*)?$/;
// Media Fragments URI: xywh=[pixel:]x,y,w,h (percent fragments need the image size: not used for sprites).
const XYWH = /^(.*)#xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/;

export function parseVttTime(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

export class ThumbnailVttError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThumbnailVttError';
  }
}

/** The cues in file order; throws when the text is not WebVTT, skips cues that are not sprite tiles. */
export function parseThumbnailVtt(text: string): ThumbnailCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    throw new ThumbnailVttError('Not a WebVTT file: the first line must be "WEBVTT".');
  }
  const cues: ThumbnailCue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const timing = TIMING.exec((lines[i] ?? '').trim());
    if (!timing) continue;
    const start = parseVttTime(timing[1] ?? '');
    const end = parseVttTime(timing[2] ?? '');
    const payload = (lines[i + 1] ?? '').trim();
    const tile = XYWH.exec(payload);
    if (start === null || end === null || end < start || !tile) continue;
    cues.push({ start, end, image: tile[1] ?? '', x: Number(tile[2]), y: Number(tile[3]), w: Number(tile[4]), h: Number(tile[5]) });
    i++;
  }
  return cues;
}
