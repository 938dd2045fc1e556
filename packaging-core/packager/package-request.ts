/**
 * The dispatcher of the just-in-time packager: one parsed request and an opened presentation in,
 * the bytes of a manifest, playlist or segment out. Every format reads the same presentation and
 * its one fragment timeline, so an HLS segment, a DASH segment and a Smooth fragment of the same
 * index hold the same samples. A protected request's encryption is decided once, up front, and
 * handed to the writers as an input (protection/request-protection.ts): manifests are written with
 * their key signalling, fragments encrypted while they are built.
 */
import { writeMpd, type DashFormat } from '../manifest/dash/mpd.ts';
import { requestProtection, type ProtectionContext, type RequestProtection } from '../protection/request-protection.ts';
import { buildInitSegment } from '../fmp4/init-segment.ts';
import { buildMediaSegment } from '../fmp4/media-segment.ts';
import { writeHlsMaster, type HlsFormat } from '../manifest/hls/master-playlist.ts';
import { writeHlsMediaPlaylist } from '../manifest/hls/media-playlist.ts';
import { bodyFromBytes, bodyFromString } from '../io/body-slice.ts';
import { planTsSegment, type TsSegmentInput, type TsSegmentPlan, writeTsPlan } from '../mp2t/ts-segment.ts';
import { Slots } from '../io/slots.ts';
import { ORIGIN_MEMORY } from '../io/memory-budget.ts';
import { streamedTsPart } from '../mp2t/stream-segment.ts';
import { writeSmoothManifest, type SmoothFormat } from '../manifest/mss/smooth-manifest.ts';
import type { Body } from '../types/body.ts';
import { OriginError } from '../types/errors.ts';
import { FORMATS, fragmentsPerSegment, segmentContentType, type StreamingProtocol } from '../formats/format-table.ts';
import type { Presentation, PresentationText, PresentationTrack } from '../types/media.ts';
import { findTextTrack, writeHlsTextPlaylist, writeHlsTextSegment } from '../manifest/hls/text-playlist.ts';
import { buildTextInitSegment, buildTextMediaSegment } from '../fmp4/text-segment.ts';
import { carried } from '../url/build-url.ts';
import type { FragmentRequest, ManifestRequest, PlaylistRequest, UrlOptions } from '../types/request.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { ManifestProtection } from '../types/protection.ts';
import { findAudioTrack, findFragmentIndex, findTrack } from '../presentation/find-track.ts';
import { presentationForFormat } from '../presentation/format-view.ts';
import { BuiltSegments, type SegmentLease } from './built-segments.ts';
import { PackagedTexts } from './packaged-texts.ts';

export type PresentationSource = (folder: string, ismName: string) => Promise<Presentation>;

export interface Packaged {
  readonly body: Body;
  readonly contentType: string;
  /** Identifies the content within the presentation version (for the ETag). */
  readonly tag: string;
  /**
   * Present when the body's bytes are on loan from a cache: call once the response is done with
   * them (`reusable` false if it was aborted mid-write). Not calling it is safe, only less thrifty.
   */
  readonly release?: (reusable: boolean) => void;
}

/**
 * What the packager may reuse between requests: manifests, playlists, init and TS segments, clear or
 * protected (a protected entry's key adds the protection's variant: scheme, key, locator, host).
 */
export interface PackagingCaches {
  readonly texts: PackagedTexts<Packaged>;
  readonly segments: BuiltSegments;
  /**
   * TS segments read and built at once: two (one reads while the other muxes). More would not go
   * faster on one JavaScript thread, only hold more megabytes of samples at once.
   */
  readonly building: Slots;
}

export interface PackagingCacheOptions {
  /** Bytes of built TS segments kept (default ORIGIN_MEMORY.tsSegments; 0 = build every request). */
  readonly segmentBytes?: number;
  /** Bytes of manifests, playlists and init segments kept (default ORIGIN_MEMORY.texts). */
  readonly textBytes?: number;
}

export function createPackagingCaches(options: PackagingCacheOptions = {}): PackagingCaches {
  return {
    texts: new PackagedTexts<Packaged>(options.textBytes ?? ORIGIN_MEMORY.texts, (p) => p.body.length + p.tag.length * 2 + 256),
    segments: new BuiltSegments(options.segmentBytes ?? ORIGIN_MEMORY.tsSegments),
    building: new Slots(2),
  };
}

function badRequest(message: string): OriginError {
  return new OriginError(400, 'MPE_BAD_URL_SYNTAX', message);
}

function text(body: string, contentType: string, tag: string): Packaged {
  return { body: bodyFromString(body), contentType, tag };
}

/**
 * The ETag tag of a protected response: the clear one with the scheme and key id (the DASH manifest
 * also with the host: its licence URL is absolute), and the key its cache entry goes under.
 */
function protectedTags(tag: string, protection: RequestProtection | null, perHost = false): { tag: string; cacheKey: string } {
  if (!protection) return { tag, cacheKey: tag };
  const withKey = JSON.stringify([tag, protection.scheme, protection.keyId]);
  return { tag: perHost ? JSON.stringify([withKey, protection.origin]) : withKey, cacheKey: JSON.stringify([tag, protection.variant]) };
}

function cached(caches: PackagingCaches | undefined, p: Presentation, key: string, write: () => Packaged): Packaged {
  return caches ? caches.texts.get(p, key, write) : write();
}

/**
 * Each protocol's manifest writer (the format picks its variant inside). HLS masters name no key, as
 * AMS's did: the media playlists carry EXT-X-KEY. (EXT-X-SESSION-KEY, optional in RFC 8216, lets a
 * player preload a DRM licence; the identity keys here are fetched per playlist, with the token.)
 */
const MANIFEST_WRITERS = {
  hls: (p, format, options) => writeHlsMaster(p, format as HlsFormat, options),
  dash: (p, format, options, protection) => writeMpd(p, format as DashFormat, options, protection),
  smooth: (p, format, options, protection) => writeSmoothManifest(p, format as SmoothFormat, options, protection),
} as const satisfies Record<
  StreamingProtocol,
  (p: Presentation, format: StreamingFormat, options: UrlOptions, protection: ManifestProtection | undefined) => string
>;

function packageManifest(req: ManifestRequest, p: Presentation, ctx: ProtectionContext | undefined, caches: PackagingCaches | undefined): Packaged {
  const traits = FORMATS[req.format];
  const protection = requestProtection(req.format, req.options.encryption, ctx);
  const { tag, cacheKey } = protectedTags(JSON.stringify(['m', req.format, req.options]), protection, traits.protocol === 'dash');
  return cached(caches, p, cacheKey, () =>
    text(MANIFEST_WRITERS[traits.protocol](p, req.format, req.options, protection?.manifest()), traits.contentTypes.manifest, tag),
  );
}

function packagePlaylist(req: PlaylistRequest, p: Presentation, ctx: ProtectionContext | undefined, caches: PackagingCaches | undefined): Packaged {
  const contentType = FORMATS[req.format].contentTypes.playlist;
  if (contentType === null) {
    throw badRequest(`Manifest(${req.track},format=${req.format}) is not a playlist: only HLS formats have media playlists`);
  }
  const clearTag = JSON.stringify(['p', req.format, req.bitrate, req.track, req.options]);
  const textTrack = findTextTrack(p, req.bitrate, req.track);
  // Text stays clear under every policy, as AMS served it (players fetch WebVTT without a key).
  if (textTrack) {
    return cached(caches, p, clearTag, () => text(writeHlsTextPlaylist(p, textTrack, req.format as HlsFormat, carried(req.options)), contentType, clearTag));
  }
  findTrack(p, req.bitrate, req.track); // an unknown track is a 404 before any 403 about encryption
  const protection = requestProtection(req.format, req.options.encryption, ctx);
  const { tag, cacheKey } = protectedTags(clearTag, protection);
  return cached(caches, p, cacheKey, () => {
    const request = { format: req.format as HlsFormat, bitrate: req.bitrate, track: req.track, options: req.options };
    return text(writeHlsMediaPlaylist(p, request, protection?.manifest()), contentType, tag);
  });
}

/** The fragment range [first, end) a TS segment starting at fragment `first` covers. */
function tsSpan(track: PresentationTrack, first: number, perSegment: number): number {
  return Math.min(first + perSegment, track.fragments.firstSample.length - 1);
}

/** What goes into the TS segment of this request (the tracks and sample ranges). */
function tsInput(req: FragmentRequest, p: Presentation, track: PresentationTrack, index: number): TsSegmentInput {
  const f = track.fragments.firstSample;
  if (req.options.keyframes) {
    if (track.kind !== 'video') throw badRequest('type=keyframes applies to video tracks only');
    return { video: { track, firstSample: f[index]!, endSample: f[index + 1]! }, keyframesOnly: true };
  }
  const end = tsSpan(track, index, fragmentsPerSegment(req.format, p.fragmentsPerHlsSegment));
  const range = { track, firstSample: f[index]!, endSample: f[end]! };
  if (track.kind === 'audio') return { audio: range };
  if (FORMATS[req.format].muxedAudio) {
    const audio = findAudioTrack(p, req.options.audioTrack);
    if (audio) {
      const af = audio.fragments.firstSample;
      return { video: range, audio: { track: audio, firstSample: af[index]!, endSample: af[end]! } };
    }
  }
  return { video: range };
}

/** The HLS Media Sequence Number of the segment starting at fragment `index` (playlists start at 0). */
function mediaSequence(req: FragmentRequest, p: Presentation, index: number): number {
  return Math.floor(index / fragmentsPerSegment(req.format, p.fragmentsPerHlsSegment, req.options.keyframes));
}

/** A TS segment, sealed with the AES-128 envelope while it is built when the request is protected. */
async function packageTs(
  req: FragmentRequest,
  p: Presentation,
  track: PresentationTrack,
  index: number,
  clearTag: string,
  ctx: ProtectionContext | undefined,
  caches: PackagingCaches | undefined,
): Promise<Packaged> {
  const contentType = segmentContentType(req.format, track.kind);
  const input = tsInput(req, p, track, index);
  const protection = requestProtection(req.format, req.options.encryption, ctx);
  const { tag, cacheKey } = protectedTags(clearTag, protection);
  const crypto = protection?.fragmentCrypto(track, mediaSequence(req, p, index));
  // The format table gives MPEG-TS the envelope only (SAMPLE-AES on TS plays nowhere but Safari).
  if (crypto && crypto.kind !== 'envelope') throw new Error(`${req.format} segments cannot carry ${protection?.scheme}`);
  const kept = caches?.segments.lookup(p, cacheKey);
  if (kept) return leased(await kept, contentType, tag);
  const release = caches ? await caches.building.acquire() : () => undefined;
  let plan: TsSegmentPlan;
  try {
    plan = await planTsSegment(input);
  } catch (err) {
    release();
    throw err;
  }
  const keep = caches !== undefined && caches.segments.keeps(crypto ? crypto.sealedLength(plan.size) : plan.size);
  // Built whole at CPU speed into the cache (no socket in the loop), then served from it.
  if (keep) {
    try {
      return leased(await caches.segments.get(p, cacheKey, (allocate) => writeTsPlan(plan, allocate, crypto)), contentType, tag);
    } finally {
      plan.close();
      release();
    }
  }
  // Not kept: streamed to the client as it is written (and sealed as it goes), in bounded memory
  // whatever its size.
  const done = (): void => {
    plan.close();
    release();
  };
  const clear = streamedTsPart(plan, release);
  const part = crypto ? crypto.sealStream(clear) : clear;
  return { body: { parts: [part], length: part.length }, contentType, tag, release: done };
}

function leased(lease: SegmentLease, contentType: string, tag: string): Packaged {
  return { body: bodyFromBytes(lease.bytes), contentType, tag, release: lease.release };
}

/**
 * A text track's fragment: in HLS the WebVTT segment of that span; in DASH and Smooth the `stpp`
 * (TTML in fMP4) segment of that fragment, DASH with an init segment (fmp4/text-segment.ts).
 */
function packageTextFragment(req: FragmentRequest, p: Presentation, textTrack: PresentationText, tag: string): Packaged {
  const traits = FORMATS[req.format];
  const contentType = segmentContentType(req.format, 'text');
  if (traits.text === 'webvtt') {
    if (req.time === 'init') throw badRequest(`Text track "${textTrack.name}" has no initialization segment in ${req.format}`);
    return text(writeHlsTextSegment(p, textTrack, req.format as HlsFormat, req.time), contentType, tag);
  }
  if (req.time === 'init') {
    if (!traits.initFlavor) throw badRequest(`${req.format} has no initialization segment`);
    return { body: bodyFromBytes(buildTextInitSegment(textTrack, traits.initFlavor)), contentType, tag };
  }
  return { body: bodyFromBytes(buildTextMediaSegment(p, textTrack, req.time, traits.flavor!)), contentType, tag };
}

async function packageFragment(req: FragmentRequest, p: Presentation, ctx: ProtectionContext | undefined, caches: PackagingCaches | undefined): Promise<Packaged> {
  const clearTag = JSON.stringify(['f', req.format, req.bitrate, req.track, req.time, req.options]);
  const textTrack = findTextTrack(p, req.bitrate, req.track);
  // Text stays clear under every policy, as AMS served it (players fetch WebVTT without a key).
  if (textTrack) return packageTextFragment(req, p, textTrack, clearTag);
  const track = findTrack(p, req.bitrate, req.track);
  const traits = FORMATS[req.format];
  const contentType = segmentContentType(req.format, track.kind);
  if (req.time === 'init') {
    const flavor = traits.initFlavor;
    if (flavor === null) throw badRequest(`${req.format} has no initialization segment`);
    const protection = requestProtection(req.format, req.options.encryption, ctx);
    const { tag, cacheKey } = protectedTags(clearTag, protection);
    // Every viewer's player asks for the same init segments: kept with the manifests' texts. (The
    // envelope leaves them clear: initCrypto is then undefined.)
    return cached(caches, p, cacheKey, () => ({ body: bodyFromBytes(buildInitSegment(track, flavor, protection?.initCrypto(track))), contentType, tag }));
  }
  const index = findFragmentIndex(track, req.time);
  if (traits.flavor === null) return packageTs(req, p, track, index, clearTag, ctx, caches);
  const protection = requestProtection(req.format, req.options.encryption, ctx);
  const { tag } = protectedTags(clearTag, protection);
  if (!protection) return { body: buildMediaSegment(track, index, traits.flavor), contentType, tag };
  const crypto = protection.fragmentCrypto(track, mediaSequence(req, p, index));
  return { body: await buildMediaSegment(track, index, traits.flavor, undefined, crypto), contentType, tag };
}

/**
 * With a protection context, the response is encrypted as the locator's policy says: the writers and
 * builders take the request's protection as an input. With caches, manifests, playlists, init and TS
 * segments are reused across requests.
 */
export async function packageRequest(
  req: ManifestRequest | PlaylistRequest | FragmentRequest,
  p: Presentation,
  protection?: ProtectionContext,
  caches?: PackagingCaches,
): Promise<Packaged> {
  // What this format can carry of the asset (a 415 naming the codec when its video cannot go in it).
  p = presentationForFormat(p, req.format);
  switch (req.kind) {
    case 'manifest':
      return packageManifest(req, p, protection, caches);
    case 'playlist':
      return packagePlaylist(req, p, protection, caches);
    case 'fragment':
      return packageFragment(req, p, protection, caches);
  }
}
