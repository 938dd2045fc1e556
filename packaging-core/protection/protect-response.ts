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
import { FORMATS, fragmentsPerSegment } from '../formats/format-table.ts';
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
  return Math.floor(index / fragmentsPerSegment(req.format, p.fragmentsPerHlsSegment, req.options.keyframes));
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
  const { flavor, initFlavor } = FORMATS[req.format];
  if (req.time === 'init') {
    if (initFlavor === null) return clear.body;
    return bodyFromBytes(buildEncryptedInitSegment(track, initFlavor, scheme, protection));
  }
  // cenc and cbcs exist only for fMP4 formats (the table's schemes): TS took the envelope above.
  if (flavor === null) throw new Error(`${req.format} has no fMP4 segments to encrypt with ${scheme}`);
  return buildEncryptedMediaSegment(track, findFragmentIndex(track, req.time), flavor, scheme, protection);
}

/** A manifest with its key signalling (HLS masters stay as written: the media playlists carry the key). */
function protectManifest(req: ManifestRequest, clear: PackagedLike, signal: ManifestProtection, tag: string, origin: string): PackagedLike {
  switch (FORMATS[req.format].protocol) {
    case 'dash':
      // The licence URL is absolute: the manifest differs per host the client used.
      return { ...clear, body: bodyFromString(withDashProtection(textOf(clear.body), signal)), tag: JSON.stringify([tag, origin]) };
    case 'smooth':
      return { ...clear, body: bodyFromString(withSmoothProtection(textOf(clear.body), signal)), tag };
    case 'hls':
      return { ...clear, tag };
  }
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
    case 'manifest':
      return protectManifest(req, clear, signal, tag, ctx.origin);
    case 'playlist':
      return { ...clear, body: bodyFromString(withHlsKey(textOf(clear.body), signal)), tag };
    case 'fragment':
      return { ...clear, body: await protectFragment(req, p, clear, scheme, protection), tag };
  }
}
