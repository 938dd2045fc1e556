/**
 * Dynamic encryption of one packaged response (streaming-formats.md §7): the clear packager's output
 * is kept for what encryption leaves as is (master playlists) or wraps (manifests get their key
 * signalling; TS and envelope-CMAF segments are AES-128 encrypted whole), and Common Encryption
 * fragments are rebuilt from the samples with their sample-encryption boxes.
 */
import { bodyFromBytes, bodyFromString, readBodySlice } from '../io/body-slice.ts';
import { FileReader } from '../io/file-reader.ts';
import type { Body } from '../types/body.ts';
import type { Presentation } from '../types/media.ts';
import type { FragmentRequest, LocatorProtection, ManifestRequest, PlaylistRequest, ProtectionScheme } from '../types/request.ts';
import { findFragmentIndex, findTrack } from '../presentation/find-track.ts';
import { chooseScheme } from './choose-scheme.ts';
import { buildEncryptedInitSegment, buildEncryptedMediaSegment } from './encrypted-fragments.ts';
import { encryptSegmentAes128 } from './envelope.ts';
import { clearKeyLicencePath, rawKeyPath } from './key-paths.ts';
import { withDashProtection, withHlsKey, withSmoothProtection, type ManifestProtection } from './signalling.ts';

export interface ProtectionContext {
  readonly locator: string;
  readonly protection?: LocatorProtection | undefined;
  /** `http://host:port` the client reached: the base of the absolute ClearKey licence URL. */
  readonly origin: string;
}

/** The parts of the packager's result this step reads and replaces. */
export interface PackagedLike {
  readonly body: Body;
  readonly contentType: string;
  readonly tag: string;
}

type Request = ManifestRequest | PlaylistRequest | FragmentRequest;

export function manifestProtection(ctx: ProtectionContext, protection: LocatorProtection, scheme: ProtectionScheme): ManifestProtection {
  return {
    scheme,
    keyId: protection.keyId,
    keyUri: rawKeyPath(ctx.locator, protection.keyId),
    licenceUrl: `${ctx.origin}${clearKeyLicencePath(ctx.locator)}`,
    drmSystems: protection.drmSystems ?? [],
  };
}

async function materialize(body: Body): Promise<Uint8Array> {
  const files = new FileReader(4);
  try {
    return await readBodySlice(body, 0, body.length - 1, files);
  } finally {
    await files.close();
  }
}

function textOf(body: Body): string {
  return Buffer.concat(body.parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(0)))).toString('utf8');
}

/** The HLS Media Sequence Number of the segment starting at fragment `index` (playlists start at 0). */
function mediaSequence(req: FragmentRequest, p: Presentation, index: number): number {
  const perSegment = req.format === 'm3u8-cmaf' || req.options.keyframes ? 1 : p.fragmentsPerHlsSegment;
  return Math.floor(index / perSegment);
}

async function protectFragment(
  req: FragmentRequest,
  p: Presentation,
  clear: PackagedLike,
  scheme: ProtectionScheme,
  protection: LocatorProtection,
): Promise<Body> {
  const track = findTrack(p, req.bitrate, req.track);
  if (scheme === 'cbc') {
    if (req.time === 'init') return clear.body;
    const index = findFragmentIndex(track, req.time);
    const bytes = await materialize(clear.body);
    return bodyFromBytes(encryptSegmentAes128(bytes, protection.contentKey(), mediaSequence(req, p, index)));
  }
  const flavor = req.format === 'mpd-time-csf' ? 'csf' : req.format === 'mpd-time-cmaf' ? 'cmaf' : req.format === 'm3u8-cmaf' ? 'hls-cmaf' : 'smooth';
  if (req.time === 'init') {
    if (flavor === 'smooth') return clear.body;
    return bodyFromBytes(buildEncryptedInitSegment(track, flavor, scheme, protection));
  }
  return buildEncryptedMediaSegment(track, findFragmentIndex(track, req.time), flavor, scheme, protection);
}

/** The clear response when the locator is not protected; its encrypted form otherwise. */
export async function protectResponse(
  req: Request,
  p: Presentation,
  clear: PackagedLike,
  ctx: ProtectionContext,
): Promise<PackagedLike> {
  const protection = ctx.protection;
  const scheme = chooseScheme(req.format, protection, req.options.encryption);
  if (!protection || scheme === null) return clear;
  const tag = JSON.stringify([clear.tag, scheme, protection.keyId]);
  const signal = manifestProtection(ctx, protection, scheme);
  switch (req.kind) {
    case 'manifest': {
      const text = textOf(clear.body);
      if (req.format === 'mpd-time-csf' || req.format === 'mpd-time-cmaf') {
        // The licence URL is absolute: the manifest differs per host the client used.
        return { ...clear, body: bodyFromString(withDashProtection(text, signal)), tag: JSON.stringify([tag, ctx.origin]) };
      }
      if (req.format === 'smooth' || req.format === 'fmp4-v20') {
        return { ...clear, body: bodyFromString(withSmoothProtection(text, signal)), tag };
      }
      return { ...clear, tag };
    }
    case 'playlist':
      return { ...clear, body: bodyFromString(withHlsKey(textOf(clear.body), signal)), tag };
    case 'fragment':
      return { ...clear, body: await protectFragment(req, p, clear, scheme, protection), tag };
  }
}
