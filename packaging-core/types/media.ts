/**
 * The media model every stage of packaging-core shares: what the MP4 demuxer produces and what the
 * muxers and manifest writers consume. Pure types (no Node): the studio's API contract and the
 * renderer may import them.
 *
 * Time: every track keeps its native timescale (the MP4's mdhd) for its samples. Manifests, URLs and
 * our fMP4/Smooth output use AMS's 10 MHz clock (`TICKS_PER_SECOND`); MPEG-TS uses 90 kHz. Conversions
 * round absolute times (never accumulate rounded durations), so every format agrees on boundaries.
 */

import type { Cue } from './cue.ts';

export const TICKS_PER_SECOND = 10_000_000;

export type TrackKind = 'video' | 'audio';

/**
 * One entry per sample, in decode order, as compact typed arrays (a 2-hour 30 fps rung is ~216k
 * samples ≈ 6 MiB here, instead of ~40 MiB as objects).
 *
 * `dts` already has the edit list applied: presentation time `pts = dts + cto` starts at 0 for the
 * first displayed sample. With B-frames `dts[0]` is therefore negative (e.g. -2 frames); writers that
 * need non-negative decode times (tfdt, TS) shift by `cto` rules of their own.
 */
export interface SampleTable {
  readonly count: number;
  /** Absolute byte offset of each sample in `MediaTrack.file` (Float64: exact beyond 4 GiB). */
  readonly offsets: Float64Array;
  readonly sizes: Uint32Array;
  /** Decode time, native timescale, edit list applied (see above). */
  readonly dts: Float64Array;
  /** Composition offset, native timescale: pts = dts + cto. */
  readonly cto: Int32Array;
  /** Duration of each sample, native timescale. */
  readonly durations: Uint32Array;
  /** 1 for a sync sample (IDR for video; every AAC frame is sync). */
  readonly sync: Uint8Array;
}

export interface AvcConfig {
  readonly codec: 'avc1';
  /** RFC 6381, from the SPS: `avc1.PPCCLL`. */
  readonly codecString: string;
  readonly width: number;
  readonly height: number;
  readonly profile: number;
  readonly profileCompatibility: number;
  readonly level: number;
  /** Bytes of the NAL length prefix in samples (avcC lengthSizeMinusOne + 1). */
  readonly nalLengthSize: number;
  readonly sps: readonly Uint8Array[];
  readonly pps: readonly Uint8Array[];
  /** The raw avcC box payload (AVCDecoderConfigurationRecord), written back as is in init segments. */
  readonly avcC: Uint8Array;
  /** Pixel aspect ratio from pasp, 1:1 when absent. */
  readonly parNum: number;
  readonly parDen: number;
}

export interface AacConfig {
  readonly codec: 'mp4a';
  /** RFC 6381: `mp4a.40.<aot>` (2 = LC, 5 = HE, 29 = HEv2). */
  readonly codecString: string;
  /** MPEG-4 Audio Object Type from the AudioSpecificConfig. */
  readonly objectType: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** The AudioSpecificConfig bytes (Smooth CodecPrivateData, ADTS header fields, esds). */
  readonly audioSpecificConfig: Uint8Array;
  /** Average bitrate from esds, 0 when unknown. */
  readonly avgBitrate: number;
  readonly maxBitrate: number;
}

/** Transfer characteristics a player must know before it picks a rendition (colr nclx, ITU-T H.273). */
export type VideoRange = 'SDR' | 'PQ' | 'HLG';

/** The colr box's colour description: ITU-T H.273 code points (BT.2020 = 9, PQ = 16, HLG = 18 …). */
export interface ColourDescription {
  readonly primaries: number;
  readonly transfer: number;
  readonly matrix: number;
}

/** What HDR signalling in manifests needs of a video sample entry, beyond the codec string. */
interface HdrTraits {
  readonly videoRange: VideoRange;
  /** Absent when the entry has no nclx/nclc colr. */
  readonly colour?: ColourDescription;
  /**
   * Dolby Vision on a cross-compatible base layer (the entry's dvcC/dvvC, profiles 8.x/9.x/10.x): the
   * Dolby Vision codec and the base layer's compatibility brand, `dvh1.08.04/db4h` (HLS
   * SUPPLEMENTAL-CODECS; DASH scte214:supplementalCodecs + supplementalProfiles). Absent otherwise.
   */
  readonly supplementalCodecs?: string;
}

/**
 * A codec the origin passes through without rewriting its configuration: fMP4 outputs carry the source
 * sample entry as is (`sampleEntry`, the whole box), so nothing of it is lost or re-encoded by us.
 */
interface PassThroughConfig {
  /** RFC 6381 codec string for manifests (`hvc1.2.4.L93.B0`, `av01.0.04M.10`, `ec-3`, `opus`). */
  readonly codecString: string;
  /** The source's sample entry box, header included. */
  readonly sampleEntry: Uint8Array;
}

export interface HevcConfig extends PassThroughConfig, HdrTraits {
  /** `hvc1`: parameter sets only in hvcC; `hev1`: they may also be in the samples. */
  readonly codec: 'hvc1' | 'hev1';
  readonly width: number;
  readonly height: number;
  readonly parNum: number;
  readonly parDen: number;
  readonly nalLengthSize: number;
  /** VPS, SPS and PPS NAL units from hvcC, in that order (TS output repeats them at each IRAP). */
  readonly parameterSets: readonly Uint8Array[];
}

export interface Av1Config extends PassThroughConfig, HdrTraits {
  readonly codec: 'av01';
  readonly width: number;
  readonly height: number;
  readonly parNum: number;
  readonly parDen: number;
}

export interface DolbyAudioConfig extends PassThroughConfig {
  readonly codec: 'ac-3' | 'ec-3';
  readonly sampleRate: number;
  /** Channels including LFE (5.1 = 6). */
  readonly channels: number;
  /** The dac3/dec3 payload. */
  readonly specific: Uint8Array;
  /** Bitrate the dac3/dec3 declares, bit/s. */
  readonly bitrate: number;
}

export interface OpusConfig extends PassThroughConfig {
  readonly codec: 'Opus';
  readonly sampleRate: number;
  readonly channels: number;
}

export type VideoConfig = AvcConfig | HevcConfig | Av1Config;
export type AudioConfig = AacConfig | DolbyAudioConfig | OpusConfig;
export type CodecConfig = VideoConfig | AudioConfig;

export function isVideoConfig(config: CodecConfig): config is VideoConfig {
  return config.codec === 'avc1' || config.codec === 'hvc1' || config.codec === 'hev1' || config.codec === 'av01';
}

/**
 * What an audio track is for, in DASH's Role vocabulary (urn:mpeg:dash:role:2011): `description` is
 * audio description for viewers who cannot see the picture (HLS: public.accessibility.describes-video).
 */
export const AUDIO_ROLES = ['main', 'alternate', 'description', 'commentary', 'dub'] as const;
export type AudioRole = (typeof AUDIO_ROLES)[number];

export interface MediaTrack {
  /** Unique within the presentation: `${kind}-${bitrate}-${name}`. */
  readonly key: string;
  readonly kind: TrackKind;
  /** AMS track name: `video` for every video quality, e.g. `aac_eng_2_128000` for audio. */
  readonly name: string;
  /** The `systemBitrate` of the .ism: the number in `QualityLevels(...)` and DASH `@bandwidth`. */
  readonly bitrate: number;
  /** ISO 639-2/T three-letter code, `und` when unknown. */
  readonly language: string;
  /** Absolute path of the MP4 holding the track. */
  readonly file: string;
  /** track_ID inside that MP4. */
  readonly trackId: number;
  readonly timescale: number;
  /** Presentation duration in the native timescale (edit list applied). */
  readonly duration: number;
  readonly config: CodecConfig;
  readonly samples: SampleTable;
  /** Average frame rate (video), e.g. 29.97; 0 for audio. */
  readonly frameRate: number;
  /** An audio track's role from the .ism (absent: main). */
  readonly role?: AudioRole;
}

/**
 * Fragments of one track: fragment i holds samples [firstSample[i], firstSample[i+1]).
 * Video fragments start on sync samples; audio fragments cover the same time spans as video
 * (each AAC frame goes to the fragment its start time falls in).
 */
export interface TrackFragments {
  /** Length = fragment count + 1; the last entry is `samples.count`. */
  readonly firstSample: Uint32Array;
  /** Start of each fragment in 10 MHz ticks (earliest presentation time), length = count + 1 (end). */
  readonly startTicks: Float64Array;
}

export interface PresentationTrack extends MediaTrack {
  readonly fragments: TrackFragments;
}

/**
 * A text track of the asset (.ism `<textstream>`): normalised WebVTT cues, served as WebVTT segments
 * cut on the video's segment boundaries.
 */
export interface PresentationText {
  /** The track name: the URL key (`QualityLevels(B)/Manifest(NAME,…)`) and the label players show. */
  readonly name: string;
  /** BCP 47 / ISO 639 language as the .ism says. */
  readonly language: string;
  /** `systemBitrate` of the textstream: the `QualityLevels(B)` of its URLs. */
  readonly bitrate: number;
  /** Absolute path of the WebVTT file. */
  readonly file: string;
  /** Selected when the player has no language preference. */
  readonly isDefault: boolean;
  /** Shown even when the viewer turned captions off (foreign-dialogue subtitles). */
  readonly forced: boolean;
  /** false = the track is served but players do not list it (AMS playerVisibility=Hidden). */
  readonly visible: boolean;
  readonly cues: readonly Cue[];
}

/** A CEA-608 caption channel: CC1/CC2 on field 1, CC3/CC4 on field 2. */
export type Cea608Channel = 'CC1' | 'CC2' | 'CC3' | 'CC4';

/**
 * CEA-608/708 captions inside the video (SEI, ATSC A/53 GA94), found in the top rung's first samples
 * when the asset is opened: the manifests signal them, players decode them from the video.
 */
export interface InbandCaptions {
  readonly cea608: readonly Cea608Channel[];
  /** CEA-708 service numbers. */
  readonly cea708: readonly number[];
}

/** One `.ism` opened: every track, one shared fragment timeline, ready for any format. */
export interface Presentation {
  /** Absolute path of the asset folder. */
  readonly folder: string;
  /** File name of the server manifest, e.g. `movie.ism`. */
  readonly ismName: string;
  /** Video qualities, highest bitrate first. */
  readonly video: readonly PresentationTrack[];
  /** Audio tracks (one per language/name), in .ism order. */
  readonly audio: readonly PresentationTrack[];
  /** Presentation duration in 10 MHz ticks. */
  readonly durationTicks: number;
  /** MP4 fragments per HLS TS segment (.ism `fragmentsPerHLSSegment`, AMS default 3). */
  readonly fragmentsPerHlsSegment: number;
  /** Changes when any file of the asset changes (size + mtime): the cache and ETag key. */
  readonly version: string;
  /** Text tracks, in .ism order; absent when the asset has none. */
  readonly text?: readonly PresentationText[];
  /** Captions carried inside the video; absent when none were found. */
  readonly inbandCaptions?: InbandCaptions;
}
