import { BitReader } from './bit-reader.ts';

export interface AudioSpecificConfigInfo {
  /** The object type to signal: 5 (SBR) or 29 (PS) when present, else the core type (2 = LC). */
  readonly objectType: number;
  /** Output sample rate (the SBR rate for HE-AAC). */
  readonly sampleRate: number;
  /** Output channels (PS turns mono into stereo); 0 when the config defers to a program config element. */
  readonly channels: number;
  readonly codecString: string;
}

const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
const CHANNELS = [0, 1, 2, 3, 4, 5, 6, 8];
const SBR = 5;
const PS = 29;

function objectType(r: BitReader): number {
  const aot = r.u(5);
  return aot === 31 ? 32 + r.u(6) : aot;
}

function sampleRate(r: BitReader): number {
  const index = r.u(4);
  if (index === 15) return r.u(24);
  const rate = SAMPLE_RATES[index];
  if (rate === undefined) throw new RangeError(`reserved sampling frequency index ${index}`);
  return rate;
}

/**
 * Parses an MPEG-4 AudioSpecificConfig (ISO 14496-3 §1.6.2.1), including explicit hierarchical SBR/PS
 * signalling (AOT 5/29 first) and backward-compatible signalling (the 0x2b7 sync extension after an
 * LC GASpecificConfig).
 */
export function parseAudioSpecificConfig(bytes: Uint8Array): AudioSpecificConfigInfo {
  const r = new BitReader(bytes);
  let aot = objectType(r);
  let rate = sampleRate(r);
  const channelConfig = r.u(4);
  let channels = CHANNELS[channelConfig] ?? 0;
  let signalled = aot;
  if (aot === SBR || aot === PS) {
    rate = sampleRate(r);
    aot = objectType(r);
  }
  if (signalled === PS && channels === 1) channels = 2;
  if (signalled === aot && [1, 2, 3, 4].includes(aot) && r.bitsLeft >= 3) {
    r.skip(1); // frameLengthFlag
    if (r.flag()) r.skip(14); // coreCoderDelay
    r.skip(1); // extensionFlag (0 for these object types)
    if (r.bitsLeft >= 16 && r.peek(11) === 0x2b7) {
      r.skip(11);
      if (objectType(r) === SBR && r.bitsLeft >= 1 && r.flag()) {
        signalled = SBR;
        rate = sampleRate(r);
        if (r.bitsLeft >= 12 && r.peek(11) === 0x548) {
          r.skip(11);
          if (r.flag()) {
            signalled = PS;
            if (channels === 1) channels = 2;
          }
        }
      }
    }
  }
  return { objectType: signalled, sampleRate: rate, channels, codecString: `mp4a.40.${signalled}` };
}
