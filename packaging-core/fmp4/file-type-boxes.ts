import { box, fourcc, u32 } from '../mp4/write-box.ts';
import type { InitFlavor, SegmentFlavor } from '../formats/fmp4-flavor.ts';

/*
 * Brand choice. Our fragments use trun version 1 (signed composition offsets, ISO brand 'iso4'),
 * tfdt and default-base-is-moof ('iso6'), so 'iso6' is the lowest ISO brand that tells the truth.
 *  - csf: 'iso6' + 'dash' (ISO/IEC 23009-1: segments follow the DASH ISO BMFF rules). Not 'ccff':
 *    the DECE Common File Format brand promises sidx, mandatory boxes and encryption rules we do not
 *    write; AMS's `profiles="ccff"` belongs to the MPD. Browsers (MSE), shaka, dash.js and ffmpeg read
 *    the boxes, not the brands, so the honest list costs no player.
 *  - cmaf: 'cmfc' is the brand ISO/IEC 23000-19 requires in a CMAF header, with 'iso6' for non-CMAF
 *    readers and 'dash' because DASH delivers it.
 *  - hls-cmaf: the same CMAF header without 'dash'.
 * Media segments of the CMAF flavours start with `styp` 'cmfs' (a CMAF segment holding one CMAF
 * fragment, hence 'cmff'); the DASH one adds 'msdh' (DASH media segment).
 */
const INIT_BRANDS: Readonly<Record<InitFlavor, { major: string; compatible: readonly string[] }>> = {
  csf: { major: 'iso6', compatible: ['iso6', 'dash'] },
  cmaf: { major: 'cmfc', compatible: ['cmfc', 'iso6', 'dash'] },
  'hls-cmaf': { major: 'cmfc', compatible: ['cmfc', 'iso6'] },
};

const SEGMENT_BRANDS: Readonly<Record<'cmaf' | 'hls-cmaf', readonly string[]>> = {
  cmaf: ['cmfs', 'cmff', 'msdh'],
  'hls-cmaf': ['cmfs', 'cmff'],
};

function brandPayload(major: string, minorVersion: number, compatible: readonly string[]): Uint8Array[] {
  return [fourcc(major), u32(minorVersion), ...compatible.map(fourcc)];
}

export function ftyp(major: string, minorVersion: number, compatible: readonly string[]): Uint8Array {
  return box('ftyp', ...brandPayload(major, minorVersion, compatible));
}

export function styp(major: string, minorVersion: number, compatible: readonly string[]): Uint8Array {
  return box('styp', ...brandPayload(major, minorVersion, compatible));
}

export function initFileType(flavor: InitFlavor): Uint8Array {
  const brands = INIT_BRANDS[flavor];
  return ftyp(brands.major, 0, brands.compatible);
}

const SEGMENT_STYP = {
  cmaf: styp('cmfs', 0, SEGMENT_BRANDS.cmaf),
  'hls-cmaf': styp('cmfs', 0, SEGMENT_BRANDS['hls-cmaf']),
};

/**
 * The `styp` opening a media segment, or none for flavours that do not use one. Built once and
 * shared: callers copy it, never modify it.
 */
export function segmentType(flavor: SegmentFlavor): Uint8Array | undefined {
  return flavor === 'cmaf' || flavor === 'hls-cmaf' ? SEGMENT_STYP[flavor] : undefined;
}
