/**
 * The per-track encryption parameters, derived (not stored) so that the same request always yields
 * the same bytes (ETags and CDN caches stay valid), and stable under filters (which re-index samples):
 *  - cenc: each sample's 8-byte IV is a hash of (file, track, the sample's byte offset), unique per
 *    sample of the asset like random IVs (64 bits); the 64-bit block counter never wraps in a sample.
 *  - cbcs: one constant IV per track (the scheme's design), hashed from (file, track).
 * Video uses subsample encryption (pattern 1:9 with cbcs), audio protects whole samples.
 */
import { createHash } from 'node:crypto';
import type { PresentationTrack } from '../types/media.ts';
import type { LocatorProtection } from '../types/request.ts';
import { keyIdBytes } from './key-id.ts';
import type { TrackEncryption } from './protection-boxes.ts';
import type { SampleCipher } from './sample-cipher.ts';

export type CommonScheme = 'cenc' | 'cbcs';

function digest(label: string, track: PresentationTrack, extra = ''): Buffer {
  return createHash('sha256').update(`${label}\0${track.file}\0${track.trackId}\0${extra}`).digest();
}

export function trackEncryption(track: PresentationTrack, scheme: CommonScheme, protection: LocatorProtection): TrackEncryption {
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

export function sampleIv(track: PresentationTrack, sampleIndex: number): Uint8Array {
  return Uint8Array.from(digest('cenc-iv', track, String(track.samples.offsets[sampleIndex] ?? sampleIndex)).subarray(0, 8));
}

export function sampleCipher(e: TrackEncryption, key: Uint8Array, perSampleIv: Uint8Array): SampleCipher {
  if (e.scheme === 'cenc') return { scheme: 'cenc', key, iv: perSampleIv };
  return { scheme: 'cbcs', key, iv: e.constantIv ?? new Uint8Array(16), cryptBlocks: e.cryptBlocks, skipBlocks: e.skipBlocks };
}
