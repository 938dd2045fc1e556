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

/** What one kind of media playlist adds to the common VOD playlist (header, EXTINF + URI per segment, ENDLIST). */
interface PlaylistKind {
  /** Tags after the header's own (before EXT-X-KEY). */
  readonly tags: readonly string[];
  /** The EXTINF title. */
  readonly title: string;
  /** An I-frame playlist: one entry per fragment, addressing its keyframe. */
  readonly keyframes?: boolean;
}

function writePlaylist(
  presentation: Presentation,
  track: PresentationTrack,
  format: HlsFormat,
  carry: CarriedOptions,
  protection: ManifestProtection | undefined,
  kind: PlaylistKind,
): string {
  const spans = segmentSpans(track, fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment, kind.keyframes));
  const lines = header(FORMATS[format].hlsVersion, spans, kind.tags, protection);
  lines.push(
    ...segmentLines(spans, kind.title, (span) => hlsSegmentName(format, track.name, span.start, carry, kind.keyframes)),
  );
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

// EXT-X-ALLOW-CACHE as AMS wrote it in v3/v4 playlists (informational; the HTTP headers rule caching).
const TS: PlaylistKind = { tags: ['#EXT-X-ALLOW-CACHE:NO'], title: 'no-desc' };
// Each I-frame entry lasts until the next keyframe: the I-frame's display span in trick play.
const IFRAMES: PlaylistKind = { tags: ['#EXT-X-I-FRAMES-ONLY'], title: '', keyframes: true };
const cmaf = (format: HlsFormat, track: PresentationTrack, carry: CarriedOptions): PlaylistKind => ({
  tags: ['#EXT-X-INDEPENDENT-SEGMENTS', `#EXT-X-MAP:URI=${quoted(hlsSegmentName(format, track.name, 'init', carry))}`],
  title: '',
});

/**
 * The media playlist a `QualityLevels(B)/Manifest(T,format=…)` URL names. Unknown bitrate, track or
 * `audiotrack=` → OriginError 404.
 * @param protection the request's encryption, named in EXT-X-KEY; absent = clear.
 */
export function writeHlsMediaPlaylist(presentation: Presentation, request: MediaPlaylistRequest, protection?: ManifestProtection): string {
  const track = findTrack(presentation, request.bitrate, request.track);
  const carry = carried(request.options);
  const { format } = request;
  if (request.options.keyframes) {
    if (track.kind !== 'video') {
      throw new OriginError(400, 'MPE_BAD_URL_SYNTAX', `type=keyframes needs a video track; "${track.name}" is audio.`);
    }
    return writePlaylist(presentation, track, format, carry, protection, IFRAMES);
  }
  if (FORMATS[format].container === 'fmp4') return writePlaylist(presentation, track, format, carry, protection, cmaf(format, track, carry));
  if (FORMATS[format].muxedAudio && track.kind !== 'audio') {
    // The muxed audio is always named in segment URLs, so every segment is self-describing.
    const audio = findAudioTrack(presentation, request.options.audioTrack);
    return writePlaylist(presentation, track, format, { ...carry, ...(audio ? { audioTrack: audio.name } : {}) }, protection, TS);
  }
  return writePlaylist(presentation, track, format, carry, protection, TS);
}
