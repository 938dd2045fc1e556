/**
 * Sample entries of the codecs the origin passes through: HEVC (`hvc1`/`hev1`, ISO 14496-15 §8.3),
 * AV1 (`av01`, AV1-ISOBMFF §2.3), AC-3/E-AC-3 (`ac-3`/`ec-3`, ETSI TS 102 366 Annex F) and Opus
 * (`Opus`, Opus-in-ISOBMFF §4.3). Each gives its RFC 6381 codec string and what manifests and the TS
 * muxer need; fMP4 output writes the entry back as it was (`sampleEntry`).
 */
import type { Av1Config, ColourDescription, DolbyAudioConfig, HevcConfig, OpusConfig, VideoRange } from '../types/media.ts';
import { type Box, BoxFormatError, childBoxes, ensureRoom, fourcc } from './box.ts';
import { BitReader } from './bit-reader.ts';
import { parsePasp } from './pasp.ts';

/** Bytes of a VisualSampleEntry before its child boxes; width and height sit at 24 and 26. */
const VISUAL_FIELDS = 78;
/** AudioSampleEntry (version 0) fields before its children; channelcount at 16, samplerate (16.16) at 24. */
const AUDIO_FIELDS = 28;

function entryBytes(view: DataView, entry: Box): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + entry.start, entry.end - entry.start).slice();
}

function payloadOf(view: DataView, box: Box): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + box.payload, box.end - box.payload);
}

/**
 * colr transfer characteristics (H.273): 16 = SMPTE ST 2084 (PQ, HDR10), 18 = ARIB STD-B67 (HLG).
 * `nclx` is ISO's, `nclc` QuickTime's (iPhone recordings): the same three code points up front.
 */
function colourOf(view: DataView, children: readonly Box[]): ColourDescription | undefined {
  const colr = children.find((b) => b.type === 'colr');
  const type = colr && colr.end - colr.payload >= 10 ? fourcc(view, colr.payload) : '';
  if (!colr || (type !== 'nclx' && type !== 'nclc')) return undefined;
  return { primaries: view.getUint16(colr.payload + 4), transfer: view.getUint16(colr.payload + 6), matrix: view.getUint16(colr.payload + 8) };
}

function videoRangeOf(colour: ColourDescription | undefined): VideoRange {
  return colour?.transfer === 16 ? 'PQ' : colour?.transfer === 18 ? 'HLG' : 'SDR';
}

/** dv_bl_signal_compatibility_id → the brand of what the base layer plays as (Dolby's HLS/DASH guides). */
const DV_COMPATIBILITY: Readonly<Record<number, string>> = { 1: 'db1p', 2: 'db2g', 4: 'db4h' };
/** The Dolby Vision codec that rides on each base-layer sample entry. */
const DV_CODEC: Readonly<Record<string, string>> = { hvc1: 'dvh1', hev1: 'dvhe', av01: 'dav1' };

/**
 * DOVIDecoderConfigurationRecord (dvcC for profiles ≤ 7, dvvC for 8–10): dv_version_major (8),
 * dv_version_minor (8), dv_profile (7), dv_level (6), rpu/el/bl present (3), dv_bl_signal_compatibility_id (4).
 * Only a cross-compatible base layer (id 1, 2 or 4) makes a supplemental codec: without one the stream
 * is not playable as its sample entry says, and is left as the entry describes it.
 */
function supplementalCodecsOf(view: DataView, children: readonly Box[], format: string): string | undefined {
  const box = children.find((b) => b.type === 'dvvC' || b.type === 'dvcC');
  const base = DV_CODEC[format];
  if (!box || !base || box.end - box.payload < 5) return undefined;
  const bits = view.getUint16(box.payload + 2);
  const profile = bits >> 9;
  const level = (bits >> 3) & 0x3f;
  const brand = DV_COMPATIBILITY[view.getUint8(box.payload + 4) >> 4];
  if (!brand) return undefined;
  return `${base}.${String(profile).padStart(2, '0')}.${String(level).padStart(2, '0')}/${brand}`;
}

function visual(view: DataView, entry: Box, format: string) {
  ensureRoom(entry, entry.payload, VISUAL_FIELDS);
  const children = childBoxes(view, entry.payload + VISUAL_FIELDS, entry.end);
  const paspBox = children.find((b) => b.type === 'pasp');
  const par = paspBox ? parsePasp(view, paspBox) : { parNum: 1, parDen: 1 };
  const colour = colourOf(view, children);
  const supplementalCodecs = supplementalCodecsOf(view, children, format);
  return {
    width: view.getUint16(entry.payload + 24),
    height: view.getUint16(entry.payload + 26),
    ...par,
    children,
    hdr: { videoRange: videoRangeOf(colour), ...(colour && { colour }), ...(supplementalCodecs && { supplementalCodecs }) },
  };
}

const hex = (n: number): string => n.toString(16).toUpperCase();

/** `hvc1.<space><profile>.<compat, bit-reversed>.<tier><level>.<constraint bytes>` (ISO 14496-15 Annex E). */
export function hevcCodecString(format: string, record: Uint8Array): string {
  if (record.length < 23) throw new BoxFormatError(`hvcC is ${record.length} bytes, shorter than its 23-byte header`);
  const space = record[1]! >> 6;
  const tier = (record[1]! >> 5) & 1;
  const profile = record[1]! & 0x1f;
  const compat = ((record[2]! << 24) | (record[3]! << 16) | (record[4]! << 8) | record[5]!) >>> 0;
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const constraints = Array.from(record.subarray(6, 12));
  while (constraints.length > 0 && constraints.at(-1) === 0) constraints.pop();
  const level = record[12]!;
  return [format, `${['', 'A', 'B', 'C'][space]}${profile}`, hex(reversed >>> 0), `${tier ? 'H' : 'L'}${level}`, ...constraints.map(hex)].join('.');
}

export function parseHevcEntry(view: DataView, entry: Box, format: 'hvc1' | 'hev1'): HevcConfig {
  const v = visual(view, entry, format);
  const hvcC = v.children.find((b) => b.type === 'hvcC');
  if (!hvcC) throw new BoxFormatError(`'${format}' sample entry has no hvcC box`);
  const record = payloadOf(view, hvcC);
  const codecString = hevcCodecString(format, record);
  const nalLengthSize = (record[21]! & 0x3) + 1;
  const parameterSets: Uint8Array[] = [];
  let at = 23;
  const arrays = record[22]!;
  for (let a = 0; a < arrays; a++) {
    if (at + 3 > record.length) throw new BoxFormatError('hvcC ends inside its parameter set arrays');
    const count = (record[at + 1]! << 8) | record[at + 2]!;
    at += 3;
    for (let n = 0; n < count; n++) {
      if (at + 2 > record.length) throw new BoxFormatError('hvcC ends inside a parameter set');
      const length = (record[at]! << 8) | record[at + 1]!;
      if (at + 2 + length > record.length) throw new BoxFormatError('hvcC ends inside a parameter set');
      parameterSets.push(record.slice(at + 2, at + 2 + length));
      at += 2 + length;
    }
  }
  // VPS (32), SPS (33), PPS (34) in that order, as a decoder wants them before an IRAP.
  const type = (nal: Uint8Array) => (nal[0]! >> 1) & 0x3f;
  parameterSets.sort((a, b) => type(a) - type(b));
  return {
    codec: format,
    codecString,
    sampleEntry: entryBytes(view, entry),
    width: v.width,
    height: v.height,
    parNum: v.parNum,
    parDen: v.parDen,
    nalLengthSize,
    parameterSets,
    ...v.hdr,
  };
}

/** `av01.<profile>.<level><tier>.<bit depth>` (AV1-ISOBMFF Annex A). */
export function av1CodecString(record: Uint8Array): string {
  if (record.length < 4) throw new BoxFormatError(`av1C is ${record.length} bytes, shorter than its 4-byte header`);
  const r = new BitReader(record);
  r.skip(8); // marker, version
  const profile = r.u(3);
  const level = r.u(5);
  const tier = r.u(1);
  const high = r.u(1);
  const twelve = r.u(1);
  const depth = high ? (twelve ? 12 : 10) : 8;
  return `av01.${profile}.${String(level).padStart(2, '0')}${tier ? 'H' : 'M'}.${String(depth).padStart(2, '0')}`;
}

export function parseAv1Entry(view: DataView, entry: Box): Av1Config {
  const v = visual(view, entry, 'av01');
  const av1C = v.children.find((b) => b.type === 'av1C');
  if (!av1C) throw new BoxFormatError("'av01' sample entry has no av1C box");
  return {
    codec: 'av01',
    codecString: av1CodecString(payloadOf(view, av1C)),
    sampleEntry: entryBytes(view, entry),
    width: v.width,
    height: v.height,
    parNum: v.parNum,
    parDen: v.parDen,
    ...v.hdr,
  };
}

const AC3_RATES = [48000, 44100, 32000];
/** Full-bandwidth channels per audio coding mode (acmod 0–7), LFE not included. */
const ACMOD_CHANNELS = [2, 1, 2, 3, 3, 4, 4, 5];
const AC3_KBPS = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];

function audioChildren(view: DataView, entry: Box): Box[] {
  ensureRoom(entry, entry.payload, AUDIO_FIELDS);
  const version = view.getUint16(entry.payload + 8);
  const fields = [28, 44, 64][version];
  if (fields === undefined) throw new BoxFormatError(`'${fourcc(view, entry.start + 4)}' sample entry has unknown sound description version ${version}`);
  return childBoxes(view, entry.payload + fields, entry.end);
}

export function parseDolbyEntry(view: DataView, entry: Box, format: 'ac-3' | 'ec-3'): DolbyAudioConfig {
  const children = audioChildren(view, entry);
  const type = format === 'ac-3' ? 'dac3' : 'dec3';
  const box = children.find((b) => b.type === type);
  if (!box) throw new BoxFormatError(`'${format}' sample entry has no ${type} box`);
  const specific = payloadOf(view, box).slice();
  const r = new BitReader(specific);
  let sampleRate: number;
  let channels: number;
  let kbps: number;
  if (format === 'ac-3') {
    const fscod = r.u(2);
    r.skip(5 + 3); // bsid, bsmod
    const acmod = r.u(3);
    const lfe = r.u(1);
    kbps = AC3_KBPS[r.u(5)] ?? 0;
    sampleRate = AC3_RATES[fscod] ?? 48000;
    channels = ACMOD_CHANNELS[acmod]! + lfe;
  } else {
    kbps = r.u(13);
    r.skip(3); // num_ind_sub - 1: the first independent substream describes the programme
    const fscod = r.u(2);
    r.skip(5 + 1 + 1 + 3); // bsid, reserved, asvc, bsmod
    const acmod = r.u(3);
    const lfe = r.u(1);
    r.skip(3);
    const dependents = r.u(4);
    // A dependent substream adds channels (7.1 = 5.1 + chan_loc); count the common ones.
    const extra = dependents > 0 ? popcount(r.u(9)) : 0;
    sampleRate = AC3_RATES[fscod] ?? 48000;
    channels = ACMOD_CHANNELS[acmod]! + lfe + extra;
  }
  return { codec: format, codecString: format, sampleEntry: entryBytes(view, entry), sampleRate, channels, specific, bitrate: kbps * 1000 };
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v > 0; v >>= 1) c += v & 1;
  return c;
}

export function parseOpusEntry(view: DataView, entry: Box): OpusConfig {
  const dOps = audioChildren(view, entry).find((b) => b.type === 'dOps');
  if (!dOps) throw new BoxFormatError("'Opus' sample entry has no dOps box");
  ensureRoom(dOps, dOps.payload, 11);
  return {
    codec: 'Opus',
    codecString: 'opus',
    sampleEntry: entryBytes(view, entry),
    // Opus always decodes at 48 kHz; dOps's InputSampleRate is informative only.
    sampleRate: 48000,
    channels: view.getUint8(dOps.payload + 1),
  };
}
