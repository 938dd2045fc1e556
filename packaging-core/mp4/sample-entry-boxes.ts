/**
 * Sample descriptions: `stsd` and the codec sample entries. Entries take extra child boxes and a
 * format code so that an encrypted track can later write `encv`/`enca` with a `sinf` after the codec
 * configuration without another code path.
 */
import type { AacConfig, AvcConfig } from '../types/media.ts';
import { box, concat, fullBox, u16, u32, u8, zeros } from './write-box.ts';

export function stsd(...entries: Uint8Array[]): Uint8Array {
  return fullBox('stsd', 0, 0, u32(entries.length), ...entries);
}

/** The 8 bytes every SampleEntry starts with: reserved, then data_reference_index 1. */
function sampleEntryHeader(): Uint8Array {
  return concat([zeros(6), u16(1)]);
}

function compressorName(name: string): Uint8Array {
  const out = new Uint8Array(32);
  const bytes = new TextEncoder().encode(name).subarray(0, 31);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

export function avc1(config: AvcConfig, format: string = 'avc1', ...extra: Uint8Array[]): Uint8Array {
  return box(
    format,
    sampleEntryHeader(),
    u16(0), // pre_defined
    u16(0), // reserved
    zeros(12), // pre_defined
    u16(config.width),
    u16(config.height),
    u32(0x0048_0000), // 72 dpi
    u32(0x0048_0000),
    u32(0), // reserved
    u16(1), // frame_count
    compressorName(''),
    u16(0x0018), // depth: colour, no alpha
    u16(0xffff), // pre_defined = -1
    avcC(config.avcC),
    pasp(config.parNum, config.parDen),
    ...extra,
  );
}

/** The AVCDecoderConfigurationRecord exactly as the source MP4 had it. */
export function avcC(record: Uint8Array): Uint8Array {
  return box('avcC', record);
}

export function pasp(hSpacing: number, vSpacing: number): Uint8Array {
  return box('pasp', u32(hSpacing), u32(vSpacing));
}

export function mp4a(
  config: AacConfig,
  esId: number,
  format: string = 'mp4a',
  ...extra: Uint8Array[]
): Uint8Array {
  return box(
    format,
    sampleEntryHeader(),
    zeros(8), // reserved
    u16(config.channels),
    u16(16), // samplesize
    u16(0), // pre_defined
    u16(0), // reserved
    // 16.16 rate; rates above 65535 Hz do not fit and are written as 0 (the ASC carries the real one).
    u32(config.sampleRate <= 0xffff ? config.sampleRate * 0x1_0000 : 0),
    esds(config, esId),
    ...extra,
  );
}

/** An MPEG-4 descriptor: tag, size in the 7-bits-per-byte expandable form, body (ISO/IEC 14496-1). */
export function descriptor(tag: number, ...body: Uint8Array[]): Uint8Array {
  const content = concat(body);
  const sizeBytes: number[] = [content.length & 0x7f];
  for (let rest = content.length >>> 7; rest > 0; rest >>>= 7) sizeBytes.unshift((rest & 0x7f) | 0x80);
  return concat([u8(tag), Uint8Array.from(sizeBytes), content]);
}

const ES_DESCRIPTOR = 0x03;
const DECODER_CONFIG_DESCRIPTOR = 0x04;
const DECODER_SPECIFIC_INFO = 0x05;
const SL_CONFIG_DESCRIPTOR = 0x06;
const OBJECT_TYPE_MPEG4_AUDIO = 0x40;
/** streamType 5 (audio) << 2 | upStream 0 | reserved 1. */
const AUDIO_STREAM = 0x15;

export function esds(config: AacConfig, esId: number): Uint8Array {
  return fullBox(
    'esds',
    0,
    0,
    descriptor(
      ES_DESCRIPTOR,
      u16(esId),
      u8(0), // no stream dependence, URL or OCR stream
      descriptor(
        DECODER_CONFIG_DESCRIPTOR,
        u8(OBJECT_TYPE_MPEG4_AUDIO),
        u8(AUDIO_STREAM),
        zeros(3), // bufferSizeDB: unknown
        u32(Math.max(config.maxBitrate, config.avgBitrate)),
        u32(config.avgBitrate),
        descriptor(DECODER_SPECIFIC_INFO, config.audioSpecificConfig),
      ),
      descriptor(SL_CONFIG_DESCRIPTOR, u8(0x02)), // predefined: MP4 file
    ),
  );
}

/**
 * A sample entry copied from the source (HEVC, AV1, AC-3, E-AC-3, Opus): the same bytes, optionally
 * renamed (`encv`/`enca`) with boxes appended (`sinf`), its size adjusted.
 */
export function passThroughEntry(entry: Uint8Array, format?: string, ...extra: Uint8Array[]): Uint8Array {
  if (format === undefined && extra.length === 0) return entry;
  const out = concat([entry, ...extra]);
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(0, out.length);
  if (format !== undefined) out.set(new TextEncoder().encode(format), 4);
  return out;
}

/**
 * `stpp`, an XML subtitle sample entry (ISO/IEC 14496-30 §5.3): TTML's namespace, no schema, no
 * auxiliary MIME types, and a `mime` box naming the IMSC1 Text profile (`im1t`), which CMAF asks for.
 */
export function stpp(): Uint8Array {
  const text = (s: string): Uint8Array => new TextEncoder().encode(`${s}\0`);
  return box(
    'stpp',
    sampleEntryHeader(),
    text('http://www.w3.org/ns/ttml'), // namespace
    text(''), // schema_location
    text(''), // auxiliary_mime_types
    fullBox('mime', 0, 0, text('application/ttml+xml;codecs=im1t')),
  );
}
