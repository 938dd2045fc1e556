/**
 * Program Specific Information of our segments: one program, so one PAT pointing at one PMT that lists
 * the elementary streams. Sections are built here; the packetizer puts them in TS packets. PIDs follow
 * ffmpeg's defaults (PMT 0x1000, streams from 0x100), which every HLS player handles.
 */
import { crc32Mpeg2 } from './crc32-mpeg2.ts';

export const PAT_PID = 0x0000;
export const PMT_PID = 0x1000;
export const VIDEO_PID = 0x0100;
export const AUDIO_PID = 0x0101;

export const STREAM_TYPE_H264 = 0x1b;
export const STREAM_TYPE_AAC_ADTS = 0x0f;
/** H.265 (ISO 13818-1 Amd 3). */
export const STREAM_TYPE_HEVC = 0x24;
/** AC-3 and E-AC-3 as ATSC A/52 and HLS carry them, each with its registration descriptor. */
export const STREAM_TYPE_AC3 = 0x81;
export const STREAM_TYPE_EAC3 = 0x87;
const REGISTRATION_DESCRIPTOR = 0x05;

const PROGRAM_NUMBER = 1;
const TRANSPORT_STREAM_ID = 1;
const ISO_639_LANGUAGE_DESCRIPTOR = 0x0a;

export interface PmtStream {
  readonly streamType: number;
  readonly pid: number;
  /** ISO 639-2 code; written as a language descriptor unless absent or `und`. */
  readonly language?: string;
  /** format_identifier of a registration descriptor (`AC-3`, `EAC3`). */
  readonly registration?: string;
}

/**
 * Wraps a section body (from table_id_extension on) in the long-form section syntax: table_id, length,
 * version 0, current, section 0 of 0, and the CRC.
 */
function section(tableId: number, tableIdExtension: number, body: readonly number[]): Uint8Array {
  const length = 5 + body.length + 4; // after section_length: extension..last_section, body, CRC
  const out = new Uint8Array(3 + length);
  out.set([
    tableId,
    0xb0 | (length >> 8),
    length & 0xff,
    tableIdExtension >> 8,
    tableIdExtension & 0xff,
    0xc1,
    0,
    0,
  ]);
  out.set(body, 8);
  const crc = crc32Mpeg2(out, 0, out.length - 4);
  out.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], out.length - 4);
  return out;
}

export function patSection(): Uint8Array {
  return section(0x00, TRANSPORT_STREAM_ID, [
    PROGRAM_NUMBER >> 8,
    PROGRAM_NUMBER & 0xff,
    0xe0 | (PMT_PID >> 8),
    PMT_PID & 0xff,
  ]);
}

export function pmtSection(pcrPid: number, streams: readonly PmtStream[]): Uint8Array {
  const body = [0xe0 | (pcrPid >> 8), pcrPid & 0xff, 0xf0, 0x00]; // no program descriptors
  for (const s of streams) {
    const descriptors: number[] = [];
    if (s.registration) descriptors.push(REGISTRATION_DESCRIPTOR, 4, ...[...s.registration].map((c) => c.charCodeAt(0)));
    if (s.language && s.language !== 'und' && /^[a-z]{3}$/i.test(s.language)) {
      descriptors.push(
        ISO_639_LANGUAGE_DESCRIPTOR,
        4,
        ...[...s.language.toLowerCase()].map((c) => c.charCodeAt(0)),
        0,
      );
    }
    body.push(
      s.streamType,
      0xe0 | (s.pid >> 8),
      s.pid & 0xff,
      0xf0 | (descriptors.length >> 8),
      descriptors.length & 0xff,
    );
    body.push(...descriptors);
  }
  return section(0x02, PROGRAM_NUMBER, body);
}
