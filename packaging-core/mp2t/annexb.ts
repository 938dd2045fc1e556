/**
 * H.264 and HEVC samples from MP4 (NAL units prefixed by their length) → Annex B for MPEG-TS (NAL units
 * after start codes), the way HLS players expect each access unit:
 *  - an access unit delimiter first (required in TS by the H.264 TS carriage rules and by Apple's
 *    HLS authoring spec); AUDs already in the sample are dropped so there is exactly one;
 *  - SPS and PPS (from avcC) before every IDR, because in TS they travel in-band and each segment must be
 *    decodable alone. Skipped when the sample already carries both.
 * Every NAL gets a 4-byte start code: simpler to size than ffmpeg's mix of 3 and 4, and equally valid.
 */
import type { AvcConfig, HevcConfig } from '../types/media.ts';
import { MediaError } from '../types/errors.ts';
import type { ByteSink } from './byte-sink.ts';

export type NalConfig = AvcConfig | HevcConfig;

const START_CODE = Buffer.of(0, 0, 0, 1);

/** What differs between H.264 and HEVC here: the NAL header, the AUD, parameter sets and random access pictures. */
interface NalRules {
  readonly type: (firstByte: number) => number;
  readonly aud: Buffer;
  readonly audType: number;
  /** Bits of the parameter set NAL types: types 0–31 in the first word, 32–63 in the second. */
  readonly parameterSetMask: readonly [number, number];
  readonly isRandomAccess: (type: number) => boolean;
}

const AVC: NalRules = {
  type: (b) => b & 0x1f,
  // AUD (type 9) with primary_pic_type 7 (any slice type) + RBSP stop bit.
  aud: Buffer.of(0, 0, 0, 1, 9, 0xf0),
  audType: 9,
  parameterSetMask: [(1 << 7) | (1 << 8), 0],
  isRandomAccess: (t) => t === 5,
};

const HEVC: NalRules = {
  type: (b) => (b >> 1) & 0x3f,
  // AUD (type 35, layer 0, temporal id 1) with pic_type 2 (any slice type) + RBSP stop bit (H.265 §7.3.2.5).
  aud: Buffer.of(0, 0, 0, 1, 0x46, 0x01, 0x50),
  audType: 35,
  parameterSetMask: [0, (1 << 0) | (1 << 1) | (1 << 2)], // VPS 32, SPS 33, PPS 34
  // IRAP pictures: BLA, IDR, CRA (16–23).
  isRandomAccess: (t) => t >= 16 && t <= 23,
};

const rulesOf = (config: NalConfig): NalRules => (config.codec === 'avc1' ? AVC : HEVC);

/** How one access unit converts: its Annex B size and whether SPS/PPS go in front. */
export interface AnnexBLayout {
  readonly size: number;
  readonly withParameterSets: boolean;
}

const parameterSetCache = new WeakMap<NalConfig, Buffer>();

/** Parameter sets of the config (SPS+PPS, or VPS+SPS+PPS) with start codes, as inserted before random access pictures. */
export function parameterSetsAnnexB(config: NalConfig): Buffer {
  let cached = parameterSetCache.get(config);
  if (cached) return cached;
  const sets = config.codec === 'avc1' ? [...config.sps, ...config.pps] : config.parameterSets;
  cached = Buffer.alloc(sets.reduce((n, s) => n + START_CODE.length + s.length, 0));
  let pos = 0;
  for (const set of sets) {
    cached.set(START_CODE, pos);
    cached.set(set, pos + START_CODE.length);
    pos += START_CODE.length + set.length;
  }
  parameterSetCache.set(config, cached);
  return cached;
}

function readLength(data: Uint8Array, pos: number, lengthSize: number): number {
  let n = 0;
  for (let i = 0; i < lengthSize; i++) n = n * 256 + (data[pos + i] ?? 0);
  return n;
}

/**
 * Walks the NAL units of one AVCC sample at data[start, start + size) and returns its Annex B size.
 * `sync` is the sample table's flag; an IDR NAL found in the sample counts too.
 */
export function annexBLayout(
  data: Uint8Array,
  start: number,
  size: number,
  config: NalConfig,
  sync: boolean,
  where: string,
): AnnexBLayout {
  const rules = rulesOf(config);
  const lengthSize = config.nalLengthSize;
  const end = start + size;
  let out = rules.aud.length;
  /** NAL types seen, as bits in two words (types < 64 in both codecs): no Set per sample. */
  let low = 0;
  let high = 0;
  let idr = sync;
  let pos = start;
  while (pos < end) {
    const nalSize = readLength(data, pos, lengthSize);
    const nalStart = pos + lengthSize;
    if (nalStart + nalSize > end) {
      throw new MediaError(
        `${where}: a NAL unit of ${nalSize} bytes runs past the end of its ${size}-byte sample (NAL length size ${lengthSize}); the file is damaged or its avcC is wrong. Re-encode or re-mux the asset.`,
      );
    }
    if (nalSize > 0) {
      const type = rules.type(data[nalStart] ?? 0);
      if (type < 32) low |= 1 << type;
      else high |= 1 << (type - 32);
      if (rules.isRandomAccess(type)) idr = true;
      if (type !== rules.audType) out += START_CODE.length + nalSize;
    }
    pos = nalStart + nalSize;
  }
  const [maskLow, maskHigh] = rules.parameterSetMask;
  const withParameterSets = idr && ((low & maskLow) !== maskLow || (high & maskHigh) !== maskHigh);
  if (withParameterSets) out += parameterSetsAnnexB(config).length;
  return { size: out, withParameterSets };
}

/** Writes the access unit laid out by annexBLayout to the sink. */
export function writeAnnexB(
  sink: ByteSink,
  data: Buffer,
  start: number,
  size: number,
  config: NalConfig,
  layout: AnnexBLayout,
): void {
  const rules = rulesOf(config);
  sink.bytes(rules.aud, 0, rules.aud.length);
  if (layout.withParameterSets) {
    const sets = parameterSetsAnnexB(config);
    sink.bytes(sets, 0, sets.length);
  }
  const lengthSize = config.nalLengthSize;
  const end = start + size;
  let pos = start;
  while (pos < end) {
    const nalSize = readLength(data, pos, lengthSize);
    const nalStart = pos + lengthSize;
    if (nalSize > 0 && rules.type(data[nalStart] ?? 0) !== rules.audType) {
      sink.bytes(START_CODE, 0, START_CODE.length);
      sink.bytes(data, nalStart, nalStart + nalSize);
    }
    pos = nalStart + nalSize;
  }
}

/** One AVCC sample → a new Annex B buffer (for tools and tests; segments write straight into packets). */
export function avccToAnnexB(sample: Uint8Array, config: NalConfig, sync: boolean): Buffer {
  const layout = annexBLayout(sample, 0, sample.length, config, sync, 'sample');
  const out = Buffer.alloc(layout.size);
  let pos = 0;
  writeAnnexB(
    {
      bytes(src, s, e) {
        pos += src.copy(out, pos, s, e);
      },
    },
    Buffer.from(sample.buffer, sample.byteOffset, sample.length),
    0,
    sample.length,
    config,
    layout,
  );
  return out;
}
