/**
 * The boxes of an fMP4 init segment's `moov` (ISO/IEC 14496-12). Fragmented movies carry no samples
 * in `moov`: durations are 0 and the sample tables are empty; the fragments hold the timing.
 */
import { box, fullBox, u16, u32, u64, zeros } from './write-box.ts';

const UNITY_MATRIX = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

function matrix(): Uint8Array[] {
  return UNITY_MATRIX.map(u32);
}

export function moov(...children: Uint8Array[]): Uint8Array {
  return box('moov', ...children);
}

export function mvhd(timescale: number, nextTrackId: number): Uint8Array {
  return fullBox(
    'mvhd',
    0,
    0,
    u32(0), // creation_time
    u32(0), // modification_time
    u32(timescale),
    u32(0), // duration: unknown up front in a fragmented movie
    u32(0x0001_0000), // rate 1.0
    u16(0x0100), // volume 1.0
    zeros(2 + 8), // reserved
    ...matrix(),
    zeros(24), // pre_defined
    u32(nextTrackId),
  );
}

export function trak(...children: Uint8Array[]): Uint8Array {
  return box('trak', ...children);
}

/**
 * `edts` with one `elst` edit: the presentation starts at `mediaTime` of the media (track timescale),
 * for the whole (unknown, 0) duration of a fragmented track. Version 1: 64-bit fields.
 */
export function edtsStartingAt(mediaTime: number): Uint8Array {
  return box('edts', fullBox('elst', 1, 0, u32(1), u64(0), u64(mediaTime), u16(1), u16(0)));
}

export interface TrackHeader {
  readonly trackId: number;
  /** Audio tracks play at full volume, video tracks have none. */
  readonly audio: boolean;
  /** Presentation size in pixels (pixel aspect ratio applied); 0 for audio. */
  readonly width: number;
  readonly height: number;
}

export function tkhd(header: TrackHeader): Uint8Array {
  const ENABLED_IN_MOVIE = 0x000003;
  return fullBox(
    'tkhd',
    0,
    ENABLED_IN_MOVIE,
    u32(0), // creation_time
    u32(0), // modification_time
    u32(header.trackId),
    u32(0), // reserved
    u32(0), // duration
    zeros(8), // reserved
    u16(0), // layer
    u16(0), // alternate_group
    u16(header.audio ? 0x0100 : 0),
    u16(0), // reserved
    ...matrix(),
    u32(fixed16(header.width)),
    u32(fixed16(header.height)),
  );
}

/** A 16.16 fixed-point value. */
function fixed16(value: number): number {
  return Math.round(value * 0x1_0000) >>> 0;
}

export function mdia(...children: Uint8Array[]): Uint8Array {
  return box('mdia', ...children);
}

/** ISO 639-2/T code packed as three 5-bit letters; anything else is written as 'und'. */
export function packLanguage(language: string): number {
  const code = /^[a-z]{3}$/.test(language) ? language : 'und';
  return (
    ((code.charCodeAt(0) - 0x60) << 10) | ((code.charCodeAt(1) - 0x60) << 5) | (code.charCodeAt(2) - 0x60)
  );
}

export function mdhd(timescale: number, language: string): Uint8Array {
  return fullBox(
    'mdhd',
    0,
    0,
    u32(0), // creation_time
    u32(0), // modification_time
    u32(timescale),
    u32(0), // duration
    u16(packLanguage(language)),
    u16(0), // pre_defined
  );
}

export function hdlr(handlerType: 'vide' | 'soun' | 'subt', name: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  return fullBox('hdlr', 0, 0, u32(0), new TextEncoder().encode(handlerType), zeros(12), nameBytes);
}

export function minf(...children: Uint8Array[]): Uint8Array {
  return box('minf', ...children);
}

export function vmhd(): Uint8Array {
  // Flags 1 is required by the standard; graphicsmode copy and opcolor 0.
  return fullBox('vmhd', 0, 1, u16(0), zeros(6));
}

export function smhd(): Uint8Array {
  return fullBox('smhd', 0, 0, u16(0), u16(0));
}

/** Subtitle media header (ISO/IEC 14496-12 §12.6.2): the media header of a `subt` track, no fields. */
export function sthd(): Uint8Array {
  return fullBox('sthd', 0, 0);
}

/** Data reference: the media is in the same file (flag 1 on the `url ` entry). */
export function dinf(): Uint8Array {
  return box('dinf', dref());
}

export function dref(): Uint8Array {
  return fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1));
}

/** The sample table of a fragmented track: its sample description and empty tables. */
export function stbl(stsdBox: Uint8Array): Uint8Array {
  return box(
    'stbl',
    stsdBox,
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0), u32(0)),
    fullBox('stco', 0, 0, u32(0)),
  );
}

export function mvex(...trexBoxes: Uint8Array[]): Uint8Array {
  return box('mvex', ...trexBoxes);
}

/** Defaults for fragments; ours write every value in tfhd/trun, so only the description index is set. */
export function trex(trackId: number): Uint8Array {
  return fullBox('trex', 0, 0, u32(trackId), u32(1), u32(0), u32(0), u32(0));
}
