/**
 * H.264 samples from MP4 (AVCC: NAL units prefixed by their length) → Annex B for MPEG-TS (NAL units
 * after start codes), the way HLS players expect each access unit:
 *  - an access unit delimiter first (required in TS by the H.264 TS carriage rules and by Apple's
 *    HLS authoring spec); AUDs already in the sample are dropped so there is exactly one;
 *  - SPS and PPS (from avcC) before every IDR, because in TS they travel in-band and each segment must be
 *    decodable alone. Skipped when the sample already carries both.
 * Every NAL gets a 4-byte start code: simpler to size than ffmpeg's mix of 3 and 4, and equally valid.
 */
import type { AvcConfig } from '../types/media.ts';
import { MediaError } from '../types/errors.ts';
import type { ByteSink } from './byte-sink.ts';

const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_AUD = 9;

const START_CODE = Buffer.of(0, 0, 0, 1);
/** AUD with primary_pic_type 7 (any slice type) + RBSP stop bit. */
const AUD = Buffer.of(0, 0, 0, 1, NAL_AUD, 0xf0);

/** How one access unit converts: its Annex B size and whether SPS/PPS go in front. */
export interface AnnexBLayout {
  readonly size: number;
  readonly withParameterSets: boolean;
}

const parameterSetCache = new WeakMap<AvcConfig, Buffer>();

/** SPS and PPS of the config with start codes, as they are inserted before IDRs (built once per config). */
export function parameterSetsAnnexB(config: AvcConfig): Buffer {
  let cached = parameterSetCache.get(config);
  if (cached) return cached;
  const sets = [...config.sps, ...config.pps];
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
  config: AvcConfig,
  sync: boolean,
  where: string,
): AnnexBLayout {
  const lengthSize = config.nalLengthSize;
  const end = start + size;
  let out = AUD.length;
  let hasSps = false;
  let hasPps = false;
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
      const type = (data[nalStart] ?? 0) & 0x1f;
      if (type === NAL_SPS) hasSps = true;
      else if (type === NAL_PPS) hasPps = true;
      else if (type === NAL_IDR) idr = true;
      if (type !== NAL_AUD) out += START_CODE.length + nalSize;
    }
    pos = nalStart + nalSize;
  }
  const withParameterSets = idr && !(hasSps && hasPps);
  if (withParameterSets) out += parameterSetsAnnexB(config).length;
  return { size: out, withParameterSets };
}

/** Writes the access unit laid out by annexBLayout to the sink. */
export function writeAnnexB(
  sink: ByteSink,
  data: Buffer,
  start: number,
  size: number,
  config: AvcConfig,
  layout: AnnexBLayout,
): void {
  sink.bytes(AUD, 0, AUD.length);
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
    if (nalSize > 0 && ((data[nalStart] ?? 0) & 0x1f) !== NAL_AUD) {
      sink.bytes(START_CODE, 0, START_CODE.length);
      sink.bytes(data, nalStart, nalStart + nalSize);
    }
    pos = nalStart + nalSize;
  }
}

/** One AVCC sample → a new Annex B buffer (for tools and tests; segments write straight into packets). */
export function avccToAnnexB(sample: Uint8Array, config: AvcConfig, sync: boolean): Buffer {
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
