import { BitReader } from './bit-reader.ts';

export interface SpsInfo {
  readonly profile: number;
  readonly constraints: number;
  readonly level: number;
  /** Display size: coded macroblocks minus the cropping window. */
  readonly width: number;
  readonly height: number;
  readonly chromaFormat: number;
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (H.264 §7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Drops the emulation-prevention bytes (00 00 03 → 00 00) of a NAL unit payload. */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let n = 0;
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** `avc1.PPCCLL` (RFC 6381) from the three bytes after the SPS NAL header. */
export function avcCodecString(profile: number, constraints: number, level: number): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `avc1.${hex(profile)}${hex(constraints)}${hex(level)}`;
}

/** Parses an H.264 sequence parameter set NAL unit (with its 1-byte header) for size and profile. */
export function parseSps(nal: Uint8Array): SpsInfo {
  const r = new BitReader(unescapeRbsp(nal));
  const nalType = r.u(8) & 0x1f;
  if (nalType !== 7) throw new RangeError(`NAL unit type ${nalType} is not an SPS`);
  const profile = r.u(8);
  const constraints = r.u(8);
  const level = r.u(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  let separateColourPlanes = false;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat === 3) separateColourPlanes = r.flag();
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      const lists = chromaFormat === 3 ? 12 : 8;
      for (let i = 0; i < lists; i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue();
  } else if (pocType === 1) {
    r.skip(1);
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.u(1);
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let cropLeft = 0;
  let cropRight = 0;
  let cropTop = 0;
  let cropBottom = 0;
  if (r.flag()) {
    cropLeft = r.ue();
    cropRight = r.ue();
    cropTop = r.ue();
    cropBottom = r.ue();
  }
  // Crop units (H.264 Table 6-1 and eq. 7-19..7-22): chroma subsampling, doubled for field coding.
  const monochrome = chromaFormat === 0 || separateColourPlanes;
  const subWidth = monochrome || chromaFormat === 3 ? 1 : 2;
  const subHeight = monochrome || chromaFormat !== 1 ? 1 : 2;
  const cropUnitX = monochrome ? 1 : subWidth;
  const cropUnitY = (monochrome ? 1 : subHeight) * (2 - frameMbsOnly);
  return {
    profile,
    constraints,
    level,
    chromaFormat,
    width: widthMbs * 16 - cropUnitX * (cropLeft + cropRight),
    height: (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom),
  };
}
