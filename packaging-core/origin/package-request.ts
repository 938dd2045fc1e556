/**
 * The dispatcher of the just-in-time packager: one parsed request and an opened presentation in,
 * the bytes of a manifest, playlist or segment out. Every format reads the same presentation and
 * its one fragment timeline, so an HLS segment, a DASH segment and a Smooth fragment of the same
 * index hold the same samples.
 */
import { writeMpd } from '../dash/mpd.ts';
import { protectResponse, type ProtectionContext } from '../encryption/protect-response.ts';
import { buildInitSegment } from '../fmp4/init-segment.ts';
import { buildMediaSegment } from '../fmp4/media-segment.ts';
import { writeHlsMaster, type HlsFormat } from '../hls/master-playlist.ts';
import { writeHlsMediaPlaylist } from '../hls/media-playlist.ts';
import { bodyFromBytes, bodyFromString } from '../http/body-slice.ts';
import { buildTsSegment } from '../mp2t/ts-segment.ts';
import { writeSmoothManifest } from '../mss/smooth-manifest.ts';
import type { Body } from '../types/body.ts';
import { OriginError } from '../types/errors.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { Presentation, PresentationTrack } from '../types/media.ts';
import type { FragmentRequest, ManifestRequest, PlaylistRequest } from '../types/request.ts';
import { findAudioTrack, findFragmentIndex, findTrack } from '../url/find-track.ts';

export type PresentationSource = (folder: string, ismName: string) => Promise<Presentation>;

export interface Packaged {
  readonly body: Body;
  readonly contentType: string;
  /** Identifies the content within the presentation version (for the ETag). */
  readonly tag: string;
}

export const CONTENT_TYPES = {
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  smooth: 'application/vnd.ms-sstr+xml',
  ts: 'video/MP2T',
} as const;

const HLS_FORMATS: ReadonlySet<StreamingFormat> = new Set(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf']);

function badRequest(message: string): OriginError {
  return new OriginError(400, 'MPE_BAD_URL_SYNTAX', message);
}

function text(body: string, contentType: string, tag: string): Packaged {
  return { body: bodyFromString(body), contentType, tag };
}

function mp4Type(track: PresentationTrack): string {
  return track.kind === 'video' ? 'video/mp4' : 'audio/mp4';
}

function packageManifest(req: ManifestRequest, p: Presentation): Packaged {
  const tag = JSON.stringify(['m', req.format, req.options]);
  switch (req.format) {
    case 'm3u8-aapl':
    case 'm3u8-aapl-v3':
    case 'm3u8-cmaf':
      return text(writeHlsMaster(p, req.format, req.options), CONTENT_TYPES.m3u8, tag);
    case 'mpd-time-csf':
    case 'mpd-time-cmaf':
      return text(writeMpd(p, req.format, req.options), CONTENT_TYPES.mpd, tag);
    case 'smooth':
    case 'fmp4-v20':
      return text(writeSmoothManifest(p, req.format, req.options), CONTENT_TYPES.smooth, tag);
  }
}

function packagePlaylist(req: PlaylistRequest, p: Presentation): Packaged {
  if (!HLS_FORMATS.has(req.format)) {
    throw badRequest(`Manifest(${req.track},format=${req.format}) is not a playlist: only HLS formats have media playlists`);
  }
  const body = writeHlsMediaPlaylist(p, { format: req.format as HlsFormat, bitrate: req.bitrate, track: req.track, options: req.options });
  return text(body, CONTENT_TYPES.m3u8, JSON.stringify(['p', req.format, req.bitrate, req.track, req.options]));
}

/** The fragment range [first, end) a TS segment starting at fragment `first` covers. */
function tsSpan(track: PresentationTrack, first: number, perSegment: number): number {
  return Math.min(first + perSegment, track.fragments.firstSample.length - 1);
}

async function packageTs(req: FragmentRequest, p: Presentation, track: PresentationTrack, index: number): Promise<Body> {
  const f = track.fragments.firstSample;
  if (req.options.keyframes) {
    if (track.kind !== 'video') throw badRequest('type=keyframes applies to video tracks only');
    return bodyFromBytes(
      await buildTsSegment({ video: { track, firstSample: f[index]!, endSample: f[index + 1]! }, keyframesOnly: true }),
    );
  }
  const end = tsSpan(track, index, p.fragmentsPerHlsSegment);
  const range = { track, firstSample: f[index]!, endSample: f[end]! };
  if (track.kind === 'audio') return bodyFromBytes(await buildTsSegment({ audio: range }));
  if (req.format === 'm3u8-aapl-v3') {
    const audio = findAudioTrack(p, req.options.audioTrack);
    if (audio) {
      const af = audio.fragments.firstSample;
      return bodyFromBytes(
        await buildTsSegment({ video: range, audio: { track: audio, firstSample: af[index]!, endSample: af[end]! } }),
      );
    }
  }
  return bodyFromBytes(await buildTsSegment({ video: range }));
}

async function packageFragment(req: FragmentRequest, p: Presentation): Promise<Packaged> {
  const track = findTrack(p, req.bitrate, req.track);
  const tag = JSON.stringify(['f', req.format, req.bitrate, req.track, req.time, req.options]);
  const smooth = req.format === 'smooth' || req.format === 'fmp4-v20';
  if (req.time === 'init') {
    if (smooth || req.format === 'm3u8-aapl' || req.format === 'm3u8-aapl-v3') {
      throw badRequest(`${req.format} has no initialization segment`);
    }
    const flavor = req.format === 'mpd-time-csf' ? 'csf' : req.format === 'mpd-time-cmaf' ? 'cmaf' : 'hls-cmaf';
    return { body: bodyFromBytes(buildInitSegment(track, flavor)), contentType: mp4Type(track), tag };
  }
  const index = findFragmentIndex(track, req.time);
  switch (req.format) {
    case 'm3u8-aapl':
    case 'm3u8-aapl-v3':
      return { body: await packageTs(req, p, track, index), contentType: CONTENT_TYPES.ts, tag };
    case 'm3u8-cmaf':
      return { body: buildMediaSegment(track, index, 'hls-cmaf'), contentType: mp4Type(track), tag };
    case 'mpd-time-csf':
      return { body: buildMediaSegment(track, index, 'csf'), contentType: mp4Type(track), tag };
    case 'mpd-time-cmaf':
      return { body: buildMediaSegment(track, index, 'cmaf'), contentType: mp4Type(track), tag };
    case 'smooth':
    case 'fmp4-v20':
      return { body: buildMediaSegment(track, index, 'smooth'), contentType: mp4Type(track), tag };
  }
}

function packageClear(req: ManifestRequest | PlaylistRequest | FragmentRequest, p: Presentation): Promise<Packaged> {
  switch (req.kind) {
    case 'manifest':
      return Promise.resolve().then(() => packageManifest(req, p));
    case 'playlist':
      return Promise.resolve().then(() => packagePlaylist(req, p));
    case 'fragment':
      return packageFragment(req, p);
  }
}

/** With a protection context, the response is encrypted as the locator's policy says (encryption/). */
export async function packageRequest(
  req: ManifestRequest | PlaylistRequest | FragmentRequest,
  p: Presentation,
  protection?: ProtectionContext,
): Promise<Packaged> {
  const clear = await packageClear(req, p);
  return protection ? protectResponse(req, p, clear, protection) : clear;
}
