/**
 * Protection as an input to the writers (the Shaka Packager shape: encryption is a stage before the
 * muxer). protection/ computes these values once per request from the locator's policy; the manifest
 * writers emit the signalling as they write, and the fragment builders encrypt the samples they read
 * and write senc/saiz/saio and sinf/tenc in place. Only the shapes live here, in the bottom layer, so
 * the writers (fmp4/, mp2t/, manifest/) never import protection/.
 */
import type { ProtectionScheme } from './request.ts';
import type { StreamedPart } from './body.ts';

/** The two Common Encryption schemes (ISO/IEC 23001-7): AES-CTR and the AES-CBC 1:9 pattern. */
export type CommonScheme = Exclude<ProtectionScheme, 'cbc'>;

/** One ContentProtection descriptor of an MPD AdaptationSet. */
export interface DashContentProtection {
  readonly schemeIdUri: string;
  readonly value?: string | undefined;
  /** `cenc:default_KID` (UUID form). */
  readonly defaultKid?: string | undefined;
  /** `dashif:Laurl`: the licence server's absolute URL. */
  readonly licenceUrl?: string | undefined;
  /** `cenc:pssh`: a whole pssh box, base64. */
  readonly pssh?: string | undefined;
}

/** The EXT-X-KEY of HLS media playlists (RFC 8216 §4.3.2.4). */
export interface HlsKey {
  readonly method: 'AES-128' | 'SAMPLE-AES' | 'SAMPLE-AES-CTR';
  /** Root-relative URL of the raw key. */
  readonly uri: string;
  /** KEYFORMAT; absent for the envelope (the default, identity, is implied). */
  readonly keyFormat?: 'identity' | undefined;
}

/** One Smooth Streaming ProtectionHeader (MS-SSTR 2.2.2.2): a system id and its base64 header. */
export interface SmoothProtectionHeader {
  readonly systemId: string;
  readonly data: string;
}

/** What every manifest of one protected request says about its encryption. */
export interface ManifestProtection {
  readonly scheme: ProtectionScheme;
  /** Content key id, UUID form. */
  readonly keyId: string;
  /** In every AdaptationSet, first, in this order. */
  readonly dash: readonly DashContentProtection[];
  readonly hlsKey: HlsKey;
  /** In order: the key-id-carrying PlayReady header first. */
  readonly smoothHeaders: readonly SmoothProtectionHeader[];
}

/** A contiguous run of clear then protected bytes of one sample (ISO/IEC 23001-7 §7.2). */
export interface Subsample {
  readonly clear: number;
  readonly protected: number;
}

/** What a fragment's senc (or PIFF box) records for one sample. */
export interface SampleAuxInfo {
  /** Empty for a constant IV (cbcs). */
  readonly iv: Uint8Array;
  /** Absent when the whole sample is protected (audio). */
  readonly subsamples?: readonly Subsample[] | undefined;
}

/** The track's default encryption: the fields of its tenc box. */
export interface TrackEncryption {
  readonly scheme: CommonScheme;
  readonly keyId: Uint8Array;
  /** cenc: 8 (per-sample IVs in senc); cbcs: 0 (constant IV). */
  readonly perSampleIvSize: number;
  /** cbcs only. */
  readonly constantIv?: Uint8Array | undefined;
  readonly cryptBlocks: number;
  readonly skipBlocks: number;
}

/**
 * Common Encryption of one track, for the fMP4 builders: the init segment writes `encryption` as
 * encv/enca + sinf and `pssh` in moov; a media segment reads its samples, has each encrypted in place
 * by `encryptSample` and writes what it returns as senc + saiz + saio.
 */
export interface TrackCrypto {
  readonly kind: 'common';
  readonly encryption: TrackEncryption;
  /** pssh boxes: in the init segment's moov, and in each Smooth fragment's moof (Smooth has no init). */
  readonly pssh: readonly Uint8Array[];
  /** Encrypts `sample` (track sample number `sampleIndex`) in place, sizes unchanged. */
  encryptSample(sample: Uint8Array, sampleIndex: number): SampleAuxInfo;
}

/**
 * HLS AES-128 of one segment (RFC 8216 §5.2): the whole segment AES-128-CBC with PKCS#7 padding, the
 * IV fixed by the segment's Media Sequence Number. Init segments stay clear.
 */
export interface SegmentEnvelope {
  readonly kind: 'envelope';
  /** Bytes of the sealed segment: the clear length padded to the next whole block (PKCS#7 always pads). */
  sealedLength(clearLength: number): number;
  /**
   * Encrypts `buffer[0, clearLength)` in place and pads it; `buffer` holds at least
   * `sealedLength(clearLength)` bytes. Returns the sealed bytes (a view of `buffer`).
   */
  seal(buffer: Uint8Array, clearLength: number): Uint8Array;
  /**
   * The same envelope over bytes produced as they are sent: the clear part's chunks are encrypted as
   * they come (CBC chains across chunk ends) and the padding goes out last, so a segment of any size
   * is sealed in the memory of a chunk.
   */
  sealStream(clear: StreamedPart): StreamedPart;
}

/** How one fragment is encrypted while it is built; absent = clear. */
export type FragmentCrypto = TrackCrypto | SegmentEnvelope;
