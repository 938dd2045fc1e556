/**
 * PES headers. Video PES carry one access unit with PTS and, when B-frames reorder it, DTS; their
 * PES_packet_length is 0 ("unbounded", allowed for video in TS) because a 1080p IDR exceeds 64 KiB, as
 * ffmpeg does by default. Audio PES carry PTS only (decode = presentation for AAC) and an exact length.
 * data_alignment_indicator is set: each PES starts with an AUD or an ADTS syncword.
 */
import { wrap33 } from './clock.ts';

export const STREAM_ID_VIDEO = 0xe0;
export const STREAM_ID_AUDIO = 0xc0;
/** PES_packet_length counts the bytes after itself; 16 bits. */
export const PES_MAX_LENGTH_FIELD = 0xffff;

export function pesHeaderSize(withDts: boolean): number {
  return withDts ? 19 : 14;
}

/** 33-bit timestamp in the 5-byte marker-bit layout, `prefix` = '0010' PTS only, '0011' PTS of PTS+DTS, '0001' DTS. */
function writeTimestamp(out: Uint8Array, pos: number, prefix: number, time90k: number): void {
  const t = wrap33(time90k);
  out[pos] = (prefix << 4) | ((Math.floor(t / 2 ** 30) & 7) << 1) | 1;
  out[pos + 1] = (t >>> 22) & 0xff;
  out[pos + 2] = ((t >>> 14) & 0xfe) | 1;
  out[pos + 3] = (t >>> 7) & 0xff;
  out[pos + 4] = ((t << 1) & 0xfe) | 1;
}

/**
 * Writes a PES header at out[pos]; `dts` is written only when it differs from `pts`.
 * `payloadLength` is the ES bytes that follow, or -1 for an unbounded (length 0) video PES.
 * Returns the header size.
 */
export function writePesHeader(
  out: Uint8Array,
  pos: number,
  streamId: number,
  payloadLength: number,
  pts: number,
  dts: number,
): number {
  const withDts = dts !== pts;
  const size = pesHeaderSize(withDts);
  const length = payloadLength < 0 ? 0 : size - 6 + payloadLength;
  if (length > PES_MAX_LENGTH_FIELD)
    throw new RangeError(`PES of ${length} bytes exceeds the 16-bit PES_packet_length`);
  out[pos] = 0;
  out[pos + 1] = 0;
  out[pos + 2] = 1;
  out[pos + 3] = streamId;
  out[pos + 4] = length >> 8;
  out[pos + 5] = length & 0xff;
  out[pos + 6] = 0x84; // '10', not scrambled, data_alignment_indicator
  out[pos + 7] = withDts ? 0xc0 : 0x80;
  out[pos + 8] = withDts ? 10 : 5;
  writeTimestamp(out, pos + 9, withDts ? 0b0011 : 0b0010, pts);
  if (withDts) writeTimestamp(out, pos + 14, 0b0001, dts);
  return size;
}
