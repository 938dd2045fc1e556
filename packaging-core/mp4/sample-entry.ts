import type { AacConfig, AvcConfig, CodecConfig } from '../types/media.ts';
import { parseAudioSpecificConfig } from './audio-specific-config.ts';
import { parseAvcC } from './avcc.ts';
import { type Box, BoxFormatError, childBoxes, ensureRoom, fourcc, fullBoxHeader } from './box.ts';
import { parseEsds } from './esds.ts';
import { parseAv1Entry, parseDolbyEntry, parseHevcEntry, parseOpusEntry } from './codec-entries.ts';
import { parsePasp } from './pasp.ts';
import { avcCodecString, parseSps } from './sps.ts';

/** The first sample description of a track: its format, and the codec config when we can package it. */
export interface SampleEntry {
  /** Sample entry four-character code, e.g. `avc1`, `hvc1`, `mp4a`, `ac-3`. */
  readonly format: string;
  /** Human name of the codec, for error messages. */
  readonly codecName: string;
  readonly config: CodecConfig | undefined;
  /** Why a known-but-unpackageable entry has no config (e.g. xHE-AAC inside mp4a). */
  readonly unsupported?: string;
}

const CODEC_NAMES: Readonly<Record<string, string>> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'H.265/HEVC',
  hev1: 'H.265/HEVC',
  dvh1: 'Dolby Vision (HEVC)',
  dvhe: 'Dolby Vision (HEVC)',
  av01: 'AV1',
  vp08: 'VP8',
  vp09: 'VP9',
  s263: 'H.263',
  mp4v: 'MPEG-4 Part 2 video',
  jpeg: 'Motion JPEG',
  mjpa: 'Motion JPEG',
  apcn: 'Apple ProRes',
  apch: 'Apple ProRes',
  mp4a: 'AAC',
  'ac-3': 'AC-3',
  'ec-3': 'E-AC-3',
  'ac-4': 'AC-4',
  Opus: 'Opus',
  fLaC: 'FLAC',
  samr: 'AMR-NB',
  sawb: 'AMR-WB',
  sowt: 'PCM',
  twos: 'PCM',
  lpcm: 'PCM',
  ipcm: 'PCM',
  '.mp3': 'MP3',
  dtsc: 'DTS',
};

/** Bytes of a VisualSampleEntry before its child boxes (ISO 14496-12 §12.1.3). */
const VISUAL_ENTRY_FIELDS = 78;
/** Bytes of an AudioSampleEntry before its children, by QuickTime sound description version 0/1/2. */
const AUDIO_ENTRY_FIELDS = [28, 44, 64];
const AAC_OBJECT_TYPES = new Set([1, 2, 3, 4, 5, 29]);

function parseAvc1(view: DataView, entry: Box, format: string): SampleEntry {
  const children = childBoxes(view, entry.payload + VISUAL_ENTRY_FIELDS, entry.end);
  const avcCBox = children.find((b) => b.type === 'avcC');
  if (!avcCBox) throw new BoxFormatError(`'${format}' sample entry has no avcC box`);
  const avcC = parseAvcC(view, avcCBox);
  const firstSps = avcC.sps[0];
  if (!firstSps) throw new BoxFormatError('avcC holds no SPS');
  const sps = parseSps(firstSps);
  const paspBox = children.find((b) => b.type === 'pasp');
  const par = paspBox ? parsePasp(view, paspBox) : { parNum: 1, parDen: 1 };
  const config: AvcConfig = {
    codec: 'avc1',
    codecString: avcCodecString(sps.profile, sps.constraints, sps.level),
    width: sps.width,
    height: sps.height,
    profile: sps.profile,
    profileCompatibility: sps.constraints,
    level: sps.level,
    nalLengthSize: avcC.nalLengthSize,
    sps: avcC.sps,
    pps: avcC.pps,
    avcC: avcC.record,
    parNum: par.parNum,
    parDen: par.parDen,
  };
  return { format, codecName: 'H.264', config };
}

function findEsds(view: DataView, start: number, end: number): Box | undefined {
  for (const box of childBoxes(view, start, end)) {
    if (box.type === 'esds') return box;
    // QuickTime puts esds inside a 'wave' atom.
    if (box.type === 'wave') return findEsds(view, box.payload, box.end);
  }
  return undefined;
}

function parseMp4a(view: DataView, entry: Box): SampleEntry {
  ensureRoom(entry, entry.payload, 28);
  const soundVersion = view.getUint16(entry.payload + 8);
  const fields = AUDIO_ENTRY_FIELDS[soundVersion];
  if (fields === undefined) throw new BoxFormatError(`mp4a sample entry has unknown sound description version ${soundVersion}`);
  const entryChannels = view.getUint16(entry.payload + 16);
  const esdsBox = findEsds(view, entry.payload + fields, entry.end);
  if (!esdsBox) throw new BoxFormatError("'mp4a' sample entry has no esds box");
  const esds = parseEsds(view, esdsBox);
  const oti = esds.objectTypeIndication;
  if (oti === 0x69 || oti === 0x6b) return { format: 'mp4a', codecName: 'MP3', config: undefined, unsupported: 'MP3 audio' };
  if (oti !== 0x40 && oti !== 0x66 && oti !== 0x67 && oti !== 0x68) {
    return { format: 'mp4a', codecName: `MPEG-4 audio object type indication 0x${oti.toString(16)}`, config: undefined };
  }
  const asc = parseAudioSpecificConfig(esds.decoderSpecificInfo);
  if (!AAC_OBJECT_TYPES.has(asc.objectType)) {
    const name = asc.objectType === 42 ? 'xHE-AAC (USAC, object type 42)' : `MPEG-4 audio object type ${asc.objectType}`;
    return { format: 'mp4a', codecName: name, config: undefined, unsupported: name };
  }
  const config: AacConfig = {
    codec: 'mp4a',
    codecString: asc.codecString,
    objectType: asc.objectType,
    sampleRate: asc.sampleRate,
    channels: asc.channels || entryChannels,
    audioSpecificConfig: esds.decoderSpecificInfo,
    avgBitrate: esds.avgBitrate,
    maxBitrate: esds.maxBitrate,
  };
  return { format: 'mp4a', codecName: 'AAC', config };
}

/** `stsd` (ISO 14496-12 §8.5.2): reads the first sample entry. */
export function parseStsd(view: DataView, box: Box): SampleEntry {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const [entry] = childBoxes(view, body + 4, box.end);
  if (!entry) throw new BoxFormatError('stsd has no sample entry');
  const format = fourcc(view, entry.start + 4);
  if (format === 'avc1' || format === 'avc3') return parseAvc1(view, entry, format);
  if (format === 'mp4a') return parseMp4a(view, entry);
  if (format === 'hvc1' || format === 'hev1') return { format, codecName: 'H.265/HEVC', config: parseHevcEntry(view, entry, format) };
  if (format === 'av01') return { format, codecName: 'AV1', config: parseAv1Entry(view, entry) };
  if (format === 'ac-3' || format === 'ec-3') return { format, codecName: CODEC_NAMES[format]!, config: parseDolbyEntry(view, entry, format) };
  if (format === 'Opus') return { format, codecName: 'Opus', config: parseOpusEntry(view, entry) };
  return { format, codecName: CODEC_NAMES[format] ?? `'${format}'`, config: undefined };
}
