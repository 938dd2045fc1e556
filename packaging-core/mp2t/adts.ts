/**
 * Raw AAC frames (as MP4 stores them) → ADTS frames (as MPEG-TS stream type 0x0F carries them): a
 * 7-byte header without CRC in front of each frame.
 *
 * The header fields come from the AudioSpecificConfig itself, not from the summarised AacConfig, because
 * of HE-AAC: ADTS has a 2-bit profile (object types 1–4 only) and no way to say "SBR" or "PS". HE-AAC in
 * ADTS is therefore signalled implicitly — the header describes the AAC-LC core (profile LC, the core's
 * half sampling rate, the core's channel configuration) and decoders find the SBR/PS extension in the
 * bitstream. This is what Apple's segmenter, ffmpeg and HLS players (hls.js, shaka's transmuxer) do and
 * expect; the playlist's CODECS (mp4a.40.5 / .29) tells the player which profile to set up.
 */
import type { AacConfig } from '../types/media.ts';
import { MediaError } from '../types/errors.ts';

export const ADTS_HEADER_SIZE = 7;
/** frame_length is 13 bits and includes the header. */
export const ADTS_MAX_FRAME = 0x1fff;

export interface AdtsFields {
  /** ADTS profile = MPEG-4 audio object type − 1 (1 = AAC-LC). */
  readonly profile: number;
  readonly samplingIndex: number;
  readonly channelConfig: number;
}

const SBR = 5;
const PS = 29;

class BitReader {
  private bit = 0;
  private readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++, this.bit++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('AudioSpecificConfig is too short');
      v = v * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
    }
    return v;
  }
}

function objectType(r: BitReader): number {
  const aot = r.read(5);
  return aot === 31 ? 32 + r.read(6) : aot;
}

function samplingIndex(r: BitReader, where: string): number {
  const index = r.read(4);
  if (index === 15) {
    throw new MediaError(
      `${where}: the AAC sampling rate (${r.read(24)} Hz) has no standard index, so it cannot be carried in ADTS for HLS TS. Re-encode the audio at a standard rate (e.g. 48000 or 44100 Hz).`,
    );
  }
  return index;
}

/** Reads the ADTS header fields from the track's AudioSpecificConfig (see the note above on HE-AAC). */
export function adtsFields(config: AacConfig, where: string): AdtsFields {
  let fields: AdtsFields;
  try {
    const r = new BitReader(config.audioSpecificConfig);
    let aot = objectType(r);
    const index = samplingIndex(r, where);
    const channelConfig = r.read(4);
    if (aot === SBR || aot === PS) {
      samplingIndex(r, where); // the SBR output rate: implicit in ADTS
      aot = objectType(r);
    }
    fields = { profile: aot - 1, samplingIndex: index, channelConfig };
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError(
      `${where}: the AudioSpecificConfig is too short to read; the file's esds is damaged.`,
    );
  }
  if (fields.profile < 0 || fields.profile > 3) {
    throw new MediaError(
      `${where}: AAC object type ${fields.profile + 1} cannot be carried in ADTS (only AAC Main, LC, SSR, LTP and HE-AAC over LC). Re-encode the audio as AAC-LC or HE-AAC.`,
    );
  }
  if (fields.channelConfig === 0) {
    throw new MediaError(
      `${where}: the AAC channel layout is given by a program config element, which ADTS in HLS TS cannot carry. Re-encode the audio with a standard layout (mono, stereo, 5.1 …).`,
    );
  }
  return fields;
}

/** Writes the 7-byte ADTS header (MPEG-4, no CRC, VBR buffer fullness) for a raw frame of rawLength bytes. */
export function writeAdtsHeader(out: Uint8Array, pos: number, fields: AdtsFields, rawLength: number): void {
  const frameLength = rawLength + ADTS_HEADER_SIZE;
  if (frameLength > ADTS_MAX_FRAME) {
    throw new MediaError(
      `An AAC frame of ${rawLength} bytes is larger than ADTS allows (${ADTS_MAX_FRAME - ADTS_HEADER_SIZE}); the audio track is damaged.`,
    );
  }
  out[pos] = 0xff;
  out[pos + 1] = 0xf1; // syncword end, MPEG-4, layer 0, protection absent
  out[pos + 2] = (fields.profile << 6) | (fields.samplingIndex << 2) | (fields.channelConfig >> 2);
  out[pos + 3] = ((fields.channelConfig & 3) << 6) | (frameLength >> 11);
  out[pos + 4] = (frameLength >> 3) & 0xff;
  out[pos + 5] = ((frameLength & 7) << 5) | 0x1f; // buffer fullness 0x7FF: VBR
  out[pos + 6] = 0xfc; // fullness low bits, one raw data block
}
