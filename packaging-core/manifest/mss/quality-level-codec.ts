/**
 * What a Smooth QualityLevel says about its codec: FourCC and CodecPrivateData (plus AudioTag and
 * PacketSize for audio). Smooth has no init segment, so a client builds its decoder from these alone.
 *  - H.264: `H264`, SPS and PPS in Annex B (MS-SSTR 2.2.2.5).
 *  - HEVC: `HVC1`/`HEV1` after the sample entry (the MS-SSTR amendment for HEVC allows both formats;
 *    clients compare case-insensitively), VPS, SPS and PPS from hvcC in Annex B, as AMS served it.
 *  - AAC: `AACL`, or `AACH` for explicitly signalled HE-AAC; the AudioSpecificConfig; AudioTag 255.
 *  - AC-3 / E-AC-3: `AC-3` / `EC-3`, AudioTag 65534 (WAVE_FORMAT_EXTENSIBLE); CodecPrivateData is the
 *    WAVEFORMATEXTENSIBLE extension (samples per block 1536 LE, channel mask LE, subformat GUID)
 *    followed by the dac3/dec3 payload — the layout of AMS's and Bento4's EC-3 manifests
 *    (`00063F000000AF87FBA7…` for 5.1). AC-3 uses the Dolby Digital subformat GUID (AMS did not
 *    package AC-3; the layout is E-AC-3's). PacketSize is the syncframe size (bitrate × 1536 / rate / 8).
 * Codecs Smooth does not carry (AV1, Opus) have no entry: the codec-format table keeps them out.
 */
import type { AacConfig, AudioConfig, DolbyAudioConfig, VideoConfig } from '../../types/media.ts';

export interface VideoCodecFields {
  readonly fourCc: string;
  readonly codecPrivateData: string;
  readonly nalLengthSize: number;
  readonly width: number;
  readonly height: number;
}

export interface AudioCodecFields {
  readonly fourCc: string;
  readonly audioTag: number;
  readonly channels: number;
  readonly samplingRate: number;
  readonly packetSize: number;
  readonly codecPrivateData: string;
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/** Each NAL unit behind an Annex-B start code: H.264 SPS/PPS, HEVC VPS/SPS/PPS. */
export function annexBCodecPrivateData(nals: readonly Uint8Array[]): string {
  return nals.map((nal) => `00000001${hex(nal)}`).join('');
}

export function videoCodecFields(config: VideoConfig): VideoCodecFields | null {
  switch (config.codec) {
    case 'avc1':
      return { fourCc: 'H264', codecPrivateData: annexBCodecPrivateData([...config.sps, ...config.pps]), nalLengthSize: config.nalLengthSize, width: config.width, height: config.height };
    case 'hvc1':
    case 'hev1':
      return { fourCc: config.codec.toUpperCase(), codecPrivateData: annexBCodecPrivateData(config.parameterSets), nalLengthSize: config.nalLengthSize, width: config.width, height: config.height };
    default:
      return null;
  }
}

function aacFields(config: AacConfig): AudioCodecFields {
  // HE-AAC (SBR, object type 5) and HE-AACv2 (PS, 29) are AACH; everything else is AAC-LC.
  const fourCc = config.objectType === 5 || config.objectType === 29 ? 'AACH' : 'AACL';
  return { fourCc, audioTag: 255, channels: config.channels, samplingRate: config.sampleRate, packetSize: 4, codecPrivateData: hex(config.audioSpecificConfig) };
}

const WAVE_FORMAT_EXTENSIBLE = 65534;
const SAMPLES_PER_SYNCFRAME = 1536;
/** KSDATAFORMAT_SUBTYPE_IEC61937_DOLBY_DIGITAL_PLUS {A7FB87AF-2D02-42FB-A4D4-05CD93843BDD}, GUID byte order. */
const EC3_SUBFORMAT = 'AF87FBA7022DFB42A4D405CD93843BDD';
/** MEDIASUBTYPE_DOLBY_AC3 {E06D802C-DB46-11CF-B4D1-00805F6CBBEA}, GUID byte order (what RIFF readers map to AC-3). */
const AC3_SUBFORMAT = '2C806DE046DBCF11B4D100805F6CBBEA';
/**
 * WAVE speaker masks per AC-3 audio coding mode (acmod 0–7): L R / C / L R / L C R / L R S / L C R S /
 * L R Ls Rs / L C R Ls Rs, surrounds as back left/right like the 5.1 mask 0x3F real manifests carry.
 */
const ACMOD_MASK = [0x3, 0x4, 0x3, 0x7, 0x103, 0x107, 0x33, 0x37];
const LFE_MASK = 0x8;

/** acmod and lfeon of the (first independent substream of the) dac3/dec3 payload. */
function dolbyLayout(config: DolbyAudioConfig): { acmod: number; lfe: number } {
  const b = config.specific;
  if (config.codec === 'ac-3') {
    // fscod(2) bsid(5) bsmod(3) acmod(3) lfeon(1): acmod is bits 10–12 of the payload.
    const bits = ((b[1] ?? 0) << 8) | (b[2] ?? 0);
    return { acmod: (bits >> 11) & 0x7, lfe: (bits >> 10) & 0x1 };
  }
  // data_rate(13) num_ind_sub(3) | fscod(2) bsid(5) reserved(1) | asvc(1) bsmod(3) acmod(3) lfeon(1)
  const byte = b[3] ?? 0;
  return { acmod: (byte >> 1) & 0x7, lfe: byte & 0x1 };
}

function uint32le(n: number): string {
  return hex(Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff));
}

function dolbyFields(config: DolbyAudioConfig): AudioCodecFields {
  const { acmod, lfe } = dolbyLayout(config);
  const mask = ACMOD_MASK[acmod]! | (lfe ? LFE_MASK : 0);
  const extension = `0006${uint32le(mask)}${config.codec === 'ac-3' ? AC3_SUBFORMAT : EC3_SUBFORMAT}`;
  return {
    fourCc: config.codec === 'ac-3' ? 'AC-3' : 'EC-3',
    audioTag: WAVE_FORMAT_EXTENSIBLE,
    channels: config.channels,
    samplingRate: config.sampleRate,
    packetSize: Math.round((config.bitrate * SAMPLES_PER_SYNCFRAME) / config.sampleRate / 8),
    codecPrivateData: extension + hex(config.specific),
  };
}

export function audioCodecFields(config: AudioConfig): AudioCodecFields | null {
  switch (config.codec) {
    case 'mp4a':
      return aacFields(config);
    case 'ac-3':
    case 'ec-3':
      return dolbyFields(config);
    default:
      return null;
  }
}
