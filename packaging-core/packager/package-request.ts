/**
 * The dispatcher of the just-in-time packager: one parsed request and an opened presentation in,
 * the bytes of a manifest, playlist or segment out. Every format reads the same presentation and
 * its one fragment timeline, so an HLS segment, a DASH segment and a Smooth fragment of the same
 * index hold the same samples.
 */
import { writeMpd, type DashFormat } from '../manifest/dash/mpd.ts';
import { protectResponse, type ProtectionContext } from '../protection/protect-response.ts';
import { buildInitSegment } from '../fmp4/init-segment.ts';
import { buildMediaSegment } from '../fmp4/media-segment.ts';
import { writeHlsMaster, type HlsFormat } from '../manifest/hls/master-playlist.ts';
import { writeHlsMediaPlaylist } from '../manifest/hls/media-playlist.ts';
import { bodyFromBytes, bodyFromString } from '../io/body-slice.ts';
import { planTsSegment, type TsSegmentInput, type TsSegmentPlan, writeTsPlan } from '../mp2t/ts-segment.ts';
import { Slots } from '../io/slots.ts';
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

/** What the packager may reuse between requests (clear output only: protection is applied on top). */
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
  /** Bytes of built TS segments kept (default 32 MiB; 0 = build every request). */
  readonly segmentBytes?: number;
  /** Bytes of manifests, playlists and init segments kept (default 4 MiB). */
  readonly textBytes?: number;
}

export function createPackagingCaches(options: PackagingCacheOptions = {}): PackagingCaches {
  return {
    texts: new PackagedTexts<Packaged>(options.textBytes ?? 4 << 20, (p) => p.body.length + p.tag.length * 2 + 256),
    segments: new BuiltSegments(options.segmentBytes ?? 32 << 20),
    building: new Slots(2),
  };
}

function badRequest(message: string): OriginError {
  return new OriginError(400, 'MPE_BAD_URL_SYNTAX', message);
}

function text(body: string, contentType: string, tag: string): Packaged {
  return { body: bodyFromString(body), contentType, tag };
}

function packageManifest(req: ManifestRequest, p: Presentation, caches: PackagingCaches | undefined): Packaged {
  const tag = JSON.stringify(['m', req.format, req.options]);
  return caches ? caches.texts.get(p, tag, () => writeManifest(req, p, tag)) : writeManifest(req, p, tag);
}

/** Each protocol's manifest writer (the format picks its variant inside). */
const MANIFEST_WRITERS = {
  hls: (p, format, options) => writeHlsMaster(p, format as HlsFormat, options),
  dash: (p, format, options) => writeMpd(p, format as DashFormat, options),
  smooth: (p, format, options) => writeSmoothManifest(p, format as SmoothFormat, options),
} as const satisfies Record<StreamingProtocol, (p: Presentation, format: StreamingFormat, options: UrlOptions) => string>;

function writeManifest(req: ManifestRequest, p: Presentation, tag: string): Packaged {
  const traits = FORMATS[req.format];
  return text(MANIFEST_WRITERS[traits.protocol](p, req.format, req.options), traits.contentTypes.manifest, tag);
}

function packagePlaylist(req: PlaylistRequest, p: Presentation, caches: PackagingCaches | undefined): Packaged {
  const contentType = FORMATS[req.format].contentTypes.playlist;
  if (contentType === null) {
    throw badRequest(`Manifest(${req.track},format=${req.format}) is not a playlist: only HLS formats have media playlists`);
  }
  const tag = JSON.stringify(['p', req.format, req.bitrate, req.track, req.options]);
  const textTrack = findTextTrack(p, req.bitrate, req.track);
  const write = (): Packaged => {
    if (textTrack) return text(writeHlsTextPlaylist(p, textTrack, req.format as HlsFormat, carried(req.options)), contentType, tag);
    const body = writeHlsMediaPlaylist(p, { format: req.format as HlsFormat, bitrate: req.bitrate, track: req.track, options: req.options });
    return text(body, contentType, tag);
  };
  return caches ? caches.texts.get(p, tag, write) : write();
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

async function packageTs(
  req: FragmentRequest,
  p: Presentation,
  track: PresentationTrack,
  index: number,
  tag: string,
  caches: PackagingCaches | undefined,
): Promise<Packaged> {
  const contentType = segmentContentType(req.format, track.kind);
  const kept = caches?.segments.lookup(p, tag);
  if (kept) return leased(await kept, contentType, tag);
  const release = caches ? await caches.building.acquire() : () => undefined;
  let plan: TsSegmentPlan;
  try {
    plan = await planTsSegment(tsInput(req, p, track, index));
  } catch (err) {
    release();
    throw err;
  }
  if (caches?.segments.keeps(plan.size)) {
    // Built whole at CPU speed into the cache (no socket in the loop), then served from it.
    try {
      return leased(await caches.segments.get(p, tag, (allocate) => writeTsPlan(plan, allocate)), contentType, tag);
    } finally {
      plan.close();
      release();
    }
  }
  // Not kept: streamed to the client as it is written, in bounded memory whatever its size.
  const done = (): void => {
    plan.close();
    release();
  };
  return { body: { parts: [streamedTsPart(plan, release)], length: plan.size }, contentType, tag, release: done };
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

async function packageFragment(req: FragmentRequest, p: Presentation, caches: PackagingCaches | undefined): Promise<Packaged> {
  const tag = JSON.stringify(['f', req.format, req.bitrate, req.track, req.time, req.options]);
  const textTrack = findTextTrack(p, req.bitrate, req.track);
  if (textTrack) return packageTextFragment(req, p, textTrack, tag);
  const track = findTrack(p, req.bitrate, req.track);
  const traits = FORMATS[req.format];
  const contentType = segmentContentType(req.format, track.kind);
  if (req.time === 'init') {
    const flavor = traits.initFlavor;
    if (flavor === null) throw badRequest(`${req.format} has no initialization segment`);
    // Every viewer's player asks for the same init segments: kept with the manifests' texts.
    const write = (): Packaged => ({ body: bodyFromBytes(buildInitSegment(track, flavor)), contentType, tag });
    return caches ? caches.texts.get(p, tag, write) : write();
  }
  const index = findFragmentIndex(track, req.time);
  if (traits.flavor === null) return packageTs(req, p, track, index, tag, caches);
  return { body: buildMediaSegment(track, index, traits.flavor), contentType, tag };
}

function packageClear(
  req: ManifestRequest | PlaylistRequest | FragmentRequest,
  p: Presentation,
  caches: PackagingCaches | undefined,
): Promise<Packaged> {
  switch (req.kind) {
    case 'manifest':
      return Promise.resolve().then(() => packageManifest(req, p, caches));
    case 'playlist':
      return Promise.resolve().then(() => packagePlaylist(req, p, caches));
    case 'fragment':
      return packageFragment(req, p, caches);
  }
}

/**
 * With a protection context, the response is encrypted as the locator's policy says (encryption/).
 * With caches, clear manifests, playlists and TS segments are reused across requests.
 */
export async function packageRequest(
  req: ManifestRequest | PlaylistRequest | FragmentRequest,
  p: Presentation,
  protection?: ProtectionContext,
  caches?: PackagingCaches,
): Promise<Packaged> {
  // What this format can carry of the asset (a 415 naming the codec when its video cannot go in it).
  p = presentationForFormat(p, req.format);
  const clear = await packageClear(req, p, caches);
  // Text stays clear under every policy, as AMS served it (players fetch WebVTT without a key).
  if (!protection || (req.kind !== 'manifest' && findTextTrack(p, req.bitrate, req.track))) return clear;
  let out: Packaged;
  try {
    out = await protectResponse(req, p, clear, protection);
  } catch (err) {
    clear.release?.(true);
    throw err;
  }
  if (out.body === clear.body) return { ...out, ...(clear.release ? { release: clear.release } : {}) };
  // Encryption has read the clear bytes into a new body: the loan ends here.
  clear.release?.(true);
  const { release: _, ...encrypted } = out;
  return encrypted;
}
