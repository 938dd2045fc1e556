/**
 * One request's protection, decided once from the locator's policy (choose-scheme.ts) and handed to
 * the writers as inputs (types/protection.ts): what its manifests signal, and the crypto its fragment
 * builders encrypt with while they build. Nothing is written clear and patched afterwards.
 */
import { createHash } from 'node:crypto';
import type { PresentationTrack } from '../types/media.ts';
import type { FragmentCrypto, ManifestProtection, TrackCrypto } from '../types/protection.ts';
import type { LocatorProtection, ProtectionScheme } from '../types/request.ts';
import type { StreamingFormat } from '../types/formats.ts';
import { chooseScheme } from './choose-scheme.ts';
import { segmentEnvelope } from './envelope.ts';
import { manifestProtection } from './manifest-protection.ts';
import { trackCrypto } from './track-crypto.ts';

export interface ProtectionContext {
  readonly locator: string;
  readonly protection?: LocatorProtection | undefined;
  /** `http://host:port` the client reached: the base of the absolute ClearKey licence URL. */
  readonly origin: string;
}

export interface RequestProtection {
  readonly scheme: ProtectionScheme;
  readonly keyId: string;
  /** `http://host:port` the client reached (the DASH licence URL's base). */
  readonly origin: string;
  /**
   * Everything besides the clear request that the protected bytes depend on (scheme, key id and a
   * digest of the key, locator, host, DRM systems): what a cache of protected output adds to its key.
   */
  readonly variant: string;
  /** What the manifests signal (computed on first use, once). */
  manifest(): ManifestProtection;
  /** Common Encryption of the track's init segment; undefined for the AES-128 envelope (inits stay clear). */
  initCrypto(track: PresentationTrack): TrackCrypto | undefined;
  /** The fragment's encryption: the envelope keyed by its HLS Media Sequence Number, or the track's CENC. */
  fragmentCrypto(track: PresentationTrack, mediaSequence: number): FragmentCrypto;
}

function keyDigest(protection: LocatorProtection): string {
  return createHash('sha256').update('cache-variant\0').update(protection.contentKey()).digest('base64url').slice(0, 16);
}

/**
 * null = clear (also without a context: the packager used on its own). Throws OriginError 403 when the
 * policy cannot serve `format` or the URL's `encryption=`, and when a clear locator is asked for
 * encryption (choose-scheme.ts).
 */
export function requestProtection(
  format: StreamingFormat,
  urlEncryption: string | undefined,
  ctx: ProtectionContext | undefined,
): RequestProtection | null {
  if (!ctx) return null;
  const protection = ctx.protection;
  const scheme = chooseScheme(format, protection, urlEncryption);
  if (!protection || scheme === null) return null;
  let signalled: ManifestProtection | undefined;
  return {
    scheme,
    keyId: protection.keyId,
    origin: ctx.origin,
    // The key's digest too: a key id re-used with another key must not be served the old bytes.
    variant: JSON.stringify([scheme, protection.keyId, keyDigest(protection), ctx.locator, ctx.origin, protection.drmSystems ?? []]),
    manifest: () => (signalled ??= manifestProtection(ctx, protection, scheme)),
    initCrypto: (track) => (scheme === 'cbc' ? undefined : trackCrypto(track, scheme, protection)),
    fragmentCrypto: (track, mediaSequence) =>
      scheme === 'cbc' ? segmentEnvelope(protection.contentKey(), mediaSequence) : trackCrypto(track, scheme, protection),
  };
}
