/**
 * Encrypted fMP4 for DASH, HLS CMAF and Smooth: the fragment builders encrypt while they build
 * (fmp4/), with this track's crypto (track-crypto.ts).
 */
import { buildInitSegment } from '../fmp4/init-segment.ts';
import type { InitFlavor, SegmentFlavor } from '../formats/fmp4-flavor.ts';
import { buildMediaSegment } from '../fmp4/media-segment.ts';
import type { Body } from '../types/body.ts';
import type { PresentationTrack } from '../types/media.ts';
import type { LocatorProtection } from '../types/request.ts';
import { trackCrypto, type CommonScheme } from './track-crypto.ts';

export { psshBoxes } from './track-crypto.ts';

export function buildEncryptedInitSegment(
  track: PresentationTrack,
  flavor: InitFlavor,
  scheme: CommonScheme,
  protection: LocatorProtection,
): Uint8Array {
  return buildInitSegment(track, flavor, trackCrypto(track, scheme, protection));
}

export function buildEncryptedMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  scheme: CommonScheme,
  protection: LocatorProtection,
): Promise<Body> {
  return buildMediaSegment(track, fragmentIndex, flavor, fragmentIndex + 1, trackCrypto(track, scheme, protection));
}
