/**
 * The per-track encryption parameters, derived (not stored) so that the same request always yields
 * the same bytes (ETags and CDN caches stay valid), and stable under filters (which re-index samples):
 *  - cenc: each sample's 8-byte IV is a hash of (file, track, the sample's byte offset), unique per
 *    sample of the asset like random IVs (64 bits); the 64-bit block counter never wraps in a sample.
 *  - cbcs: one constant IV per track (the scheme's design), hashed from (file, track).
 * Video uses subsample encryption (pattern 1:9 with cbcs), audio protects whole samples.
 *
 * `trackCrypto` is the encryption stage the fMP4 builders run while they build (types/protection.ts).
 */
import { createHash } from 'node:crypto';
import { pssh } from '../mp4/protection-boxes.ts';
import { OriginError } from '../types/errors.ts';
import type { PresentationTrack } from '../types/media.ts';
import type { CommonScheme, SampleAuxInfo, TrackCrypto, TrackEncryption } from '../types/protection.ts';
import type { LocatorProtection } from '../types/request.ts';
import { avcSubsamples } from './avc-subsamples.ts';
import { keyIdBytes } from './key-id.ts';
import { COMMON_PSSH_SYSTEM_ID } from './key-systems.ts';
import { sampleEncryptor } from './sample-cipher.ts';

function digest(label: string, track: PresentationTrack, extra = ''): Buffer {
  return createHash('sha256').update(`${label}\0${track.file}\0${track.trackId}\0${extra}`).digest();
}

function trackEncryption(track: PresentationTrack, scheme: CommonScheme, protection: LocatorProtection): TrackEncryption {
  const video = track.kind === 'video';
  if (scheme === 'cenc') {
    return { scheme, keyId: keyIdBytes(protection.keyId), perSampleIvSize: 8, cryptBlocks: 0, skipBlocks: 0 };
  }
  return {
    scheme,
    keyId: keyIdBytes(protection.keyId),
    perSampleIvSize: 0,
    constantIv: Uint8Array.from(digest('cbcs-iv', track).subarray(0, 16)),
    cryptBlocks: video ? 1 : 0,
    skipBlocks: video ? 9 : 0,
  };
}

function sampleIv(track: PresentationTrack, sampleIndex: number): Uint8Array {
  return Uint8Array.from(digest('cenc-iv', track, String(track.samples.offsets[sampleIndex] ?? sampleIndex)).subarray(0, 8));
}

/** The ClearKey pssh (W3C common format, key ids listed) and one per configured DRM system. */
function psshBoxes(protection: LocatorProtection): Uint8Array[] {
  const boxes = [pssh(COMMON_PSSH_SYSTEM_ID, [keyIdBytes(protection.keyId)])];
  for (const system of protection.drmSystems ?? []) {
    const data = system.psshData ? Buffer.from(system.psshData, 'base64') : undefined;
    boxes.push(pssh(system.systemId, null, data));
  }
  return boxes;
}

/**
 * Common Encryption of `track` with the locator's key. AV1 samples need OBU-aware subsamples
 * (AV1-ISOBMFF §4: OBU headers and frame headers clear, tile data protected in whole blocks);
 * encrypting them whole would make them undecodable, so AV1 is refused with a 415.
 */
export function trackCrypto(track: PresentationTrack, scheme: CommonScheme, protection: LocatorProtection): TrackCrypto {
  const config = track.config;
  if (config.codec === 'av01') {
    throw new OriginError(
      415,
      'MPE_FORMAT_NOT_SUPPORTED',
      `${track.file}: common encryption (cenc/cbcs) of AV1 is not supported by this origin; publish the asset with a clear policy or the AES-128 envelope (Predefined_ClearKey).`,
    );
  }
  const encryption = trackEncryption(track, scheme, protection);
  const key = protection.contentKey();
  const encrypt = sampleEncryptor(
    encryption.scheme === 'cenc'
      ? { scheme: 'cenc', key }
      : { scheme: 'cbcs', key, iv: encryption.constantIv ?? new Uint8Array(16), cryptBlocks: encryption.cryptBlocks, skipBlocks: encryption.skipBlocks },
  );
  const nal = config.codec === 'avc1' ? 'avc' : config.codec === 'hvc1' || config.codec === 'hev1' ? 'hevc' : null;
  const nalLengthSize = 'nalLengthSize' in config ? config.nalLengthSize : 4;
  const noIv = new Uint8Array(0);
  return {
    kind: 'common',
    encryption,
    pssh: psshBoxes(protection),
    encryptSample(sample: Uint8Array, sampleIndex: number): SampleAuxInfo {
      const subsamples = nal ? avcSubsamples(sample, nalLengthSize, `${track.file} sample ${sampleIndex}`, nal) : undefined;
      const iv = scheme === 'cenc' ? sampleIv(track, sampleIndex) : noIv;
      encrypt(sample, subsamples, iv);
      return { iv, subsamples };
    },
  };
}
