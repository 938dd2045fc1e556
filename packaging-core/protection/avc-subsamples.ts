/**
 * The clear/protected split of an H.264 or HEVC sample for Common Encryption (ISO/IEC 23001-7 §9.5, 10.2):
 * NAL length prefixes and NAL headers stay clear, non-VCL NAL units (SPS, PPS, SEI, AUD) stay wholly
 * clear, and each slice is protected from a point that makes its protected part a whole number of
 * 16-byte blocks (required for video by 'cenc' 3rd edition; with 'cbcs' no partial block is left).
 */
import { MediaError } from '../types/errors.ts';
import type { Subsample } from '../types/protection.ts';

const MAX_CLEAR = 0xffff;

/** H.264: 1-byte NAL header, VCL types 1–5. HEVC: 2-byte NAL header, VCL types 0–31 (ISO 23001-7 §10.2). */
const NAL = {
  avc: { header: 1, type: (b: number) => b & 0x1f, isVcl: (t: number) => t >= 1 && t <= 5 },
  hevc: { header: 2, type: (b: number) => (b >> 1) & 0x3f, isVcl: (t: number) => t <= 31 },
} as const;

export function avcSubsamples(sample: Uint8Array, nalLengthSize: number, where: string, codec: keyof typeof NAL = 'avc'): Subsample[] {
  const nal = NAL[codec];
  const out: Subsample[] = [];
  let clear = 0;
  const flushClear = (protectedBytes: number): void => {
    while (clear > MAX_CLEAR) {
      out.push({ clear: MAX_CLEAR, protected: 0 });
      clear -= MAX_CLEAR;
    }
    out.push({ clear, protected: protectedBytes });
    clear = 0;
  };
  let at = 0;
  while (at < sample.length) {
    if (at + nalLengthSize > sample.length) {
      throw new MediaError(`${where}: a NAL length prefix runs past the end of the sample`);
    }
    let size = 0;
    for (let k = 0; k < nalLengthSize; k++) size = size * 256 + (sample[at + k] ?? 0);
    if (size === 0 || at + nalLengthSize + size > sample.length) {
      throw new MediaError(`${where}: NAL unit of ${size} bytes at offset ${at} does not fit the ${sample.length}-byte sample`);
    }
    const nalType = nal.type(sample[at + nalLengthSize] ?? 0);
    const body = size - nal.header;
    const protectedBytes = nal.isVcl(nalType) && body > 0 ? body - (body % 16) : 0;
    clear += nalLengthSize + size - protectedBytes;
    if (protectedBytes > 0) flushClear(protectedBytes);
    at += nalLengthSize + size;
  }
  if (clear > 0) flushClear(0);
  return out;
}
