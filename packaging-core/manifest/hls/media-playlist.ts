/**
 * HLS media playlists (streaming-formats.md §2.1–2.3), VOD and complete (EXT-X-ENDLIST):
 *  - TS (m3u8-aapl video or audio rendition, m3u8-aapl-v3 muxed): `fragmentsPerHlsSegment` fragments per
 *    segment, EXTINF = the real summed duration;
 *  - CMAF (m3u8-cmaf): EXT-X-MAP init and one fragment per segment;
 *  - I-frames (m3u8-aapl, type=keyframes): one entry per fragment, addressing its keyframe.
 * Segment URLs are relative to the playlist's `QualityLevels(B)/` and carry the request's options.
 * A protected playlist names its key in EXT-X-KEY before the first segment (after EXT-X-MAP: the
 * init segment stays clear).
 */
import { OriginError } from '../../types/errors.ts';
import type { Presentation, PresentationTrack } from '../../types/media.ts';
import type { ManifestProtection } from '../../types/protection.ts';
import type { PlaylistRequest } from '../../types/request.ts';
import type { CarriedOptions } from '../../url/build-url.ts';
import { carried, hlsSegmentName } from '../../url/build-url.ts';
import { findAudioTrack, findTrack } from '../../presentation/find-track.ts';
import type { HlsFormat } from './hls-format.ts';
import { extinfSeconds, keyAttributes, quoted, targetDuration } from './playlist-text.ts';
import type { SegmentSpan } from './segments.ts';
import { segmentSpans } from './segments.ts';
import { FORMATS, fragmentsPerSegment } from '../../formats/format-table.ts';

export type MediaPlaylistRequest = Pick<PlaylistRequest, 'bitrate' | 'track' | 'options'> & {
  readonly format: HlsFormat;
};

function header(
  version: number,
  spans: readonly SegmentSpan[],
  extra: readonly string[],
  protection: ManifestProtection | undefined,
): string[] {
  const longest = spans.reduce((max, span) => Math.max(max, span.duration), 0);
  return [
    '#EXTM3U',
    `#EXT-X-VERSION:${version}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-TARGETDURATION:${targetDuration(longest)}`,
    ...extra,
    // A playlist without segments has no key to name.
    ...(protection && spans.length > 0 ? [`#EXT-X-KEY:${keyAttributes(protection.hlsKey)}`] : []),
  ];
}

function segmentLines(
  spans: readonly SegmentSpan[],
  title: string,
  url: (span: SegmentSpan) => string,
): string[] {
  const lines: string[] = [];
  for (const span of spans) lines.push(`#EXTINF:${extinfSeconds(span.duration)},${title}`, url(span));
  return lines;
}

function writeTs(
  presentation: Presentation,
  track: PresentationTrack,
  format: HlsFormat,
  carry: CarriedOptions,
  protection: ManifestProtection | undefined,
): string {
  const spans = segmentSpans(track, fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment));
  // EXT-X-ALLOW-CACHE as AMS wrote it in v3/v4 playlists (informational; the HTTP headers rule caching).
  const lines = header(FORMATS[format].hlsVersion, spans, ['#EXT-X-ALLOW-CACHE:NO'], protection);
  lines.push(
    ...segmentLines(spans, 'no-desc', (span) => hlsSegmentName(format, track.name, span.start, carry)),
  );
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

function writeCmaf(
  presentation: Presentation,
  track: PresentationTrack,
  format: HlsFormat,
  carry: CarriedOptions,
  protection: ManifestProtection | undefined,
): string {
  const spans = segmentSpans(track, fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment));
  const init = `#EXT-X-MAP:URI=${quoted(hlsSegmentName(format, track.name, 'init', carry))}`;
  const lines = header(FORMATS[format].hlsVersion, spans, ['#EXT-X-INDEPENDENT-SEGMENTS', init], protection);
  lines.push(...segmentLines(spans, '', (span) => hlsSegmentName(format, track.name, span.start, carry)));
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

function writeIframes(
  presentation: Presentation,
  track: PresentationTrack,
  format: HlsFormat,
  carry: CarriedOptions,
  protection: ManifestProtection | undefined,
): string {
  if (track.kind !== 'video') {
    throw new OriginError(
      400,
      'MPE_BAD_URL_SYNTAX',
      `type=keyframes needs a video track; "${track.name}" is audio.`,
    );
  }
  const spans = segmentSpans(track, fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment, true));
  const lines = header(FORMATS[format].hlsVersion, spans, ['#EXT-X-I-FRAMES-ONLY'], protection);
  // Each entry lasts until the next keyframe: the I-frame's display span in trick play.
  lines.push(
    ...segmentLines(spans, '', (span) => hlsSegmentName(format, track.name, span.start, carry, true)),
  );
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

/**
 * The media playlist a `QualityLevels(B)/Manifest(T,format=…)` URL names. Unknown bitrate, track or
 * `audiotrack=` → OriginError 404.
 * @param protection the request's encryption, named in EXT-X-KEY; absent = clear.
 */
export function writeHlsMediaPlaylist(presentation: Presentation, request: MediaPlaylistRequest, protection?: ManifestProtection): string {
  const track = findTrack(presentation, request.bitrate, request.track);
  const carry = carried(request.options);
  const { format } = request;
  if (request.options.keyframes) return writeIframes(presentation, track, format, carry, protection);
  if (FORMATS[format].container === 'fmp4') return writeCmaf(presentation, track, format, carry, protection);
  if (FORMATS[format].muxedAudio && track.kind !== 'audio') {
    // The muxed audio is always named in segment URLs, so every segment is self-describing.
    const audio = findAudioTrack(presentation, request.options.audioTrack);
    return writeTs(presentation, track, format, { ...carry, ...(audio ? { audioTrack: audio.name } : {}) }, protection);
  }
  return writeTs(presentation, track, format, carry, protection);
}
