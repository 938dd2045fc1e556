/**
 * HLS subtitles (RFC 8216 §4.3.4.1, §3.5): a SUBTITLES rendition per visible text track in the master,
 * and a WebVTT media playlist whose segments are cut on the video's own segment boundaries (the same
 * spans, the same start times in their URLs), so a player fetches the text that goes with each segment.
 */
import { writeWebVttSegment } from '../../text/write-webvtt.ts';
import { OriginError } from '../../types/errors.ts';
import type { Presentation, PresentationText } from '../../types/media.ts';
import { textTimelineTrack } from '../../presentation/text-timeline.ts';
import { TS_CLOCK_OFFSET_90K } from '../../types/mpegts-clock.ts';
import { TICKS_PER_SECOND } from '../../types/media.ts';
import type { CarriedOptions } from '../../url/build-url.ts';
import { fragmentName, playlistUrl } from '../../url/build-url.ts';
import type { HlsFormat } from './hls-format.ts';
import { extinfSeconds, quoted, targetDuration } from './playlist-text.ts';
import { FORMATS, fragmentsPerSegment } from '../../formats/format-table.ts';
import { type SegmentSpan, segmentSpans } from './segments.ts';

export const SUBTITLES_GROUP = 'subs';

export function textSpans(presentation: Presentation, format: HlsFormat): SegmentSpan[] {
  return segmentSpans(textTimelineTrack(presentation), fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment));
}

/** The text track a `QualityLevels(B)/…(NAME…)` URL names, or undefined when it names no text track. */
export function findTextTrack(presentation: Presentation, bitrate: number, name: string): PresentationText | undefined {
  return presentation.text?.find((t) => t.name === name && t.bitrate === bitrate);
}

/** `#EXT-X-MEDIA:TYPE=SUBTITLES` lines; hidden tracks are listed but never chosen automatically. */
export function subtitleRenditions(presentation: Presentation, format: HlsFormat, carry: CarriedOptions): string[] {
  return (presentation.text ?? []).map((t) =>
    [
      '#EXT-X-MEDIA:TYPE=SUBTITLES',
      `GROUP-ID=${quoted(SUBTITLES_GROUP)}`,
      `NAME=${quoted(t.name)}`,
      `LANGUAGE=${quoted(t.language)}`,
      `DEFAULT=${t.isDefault && t.visible ? 'YES' : 'NO'}`,
      // FORCED=YES needs AUTOSELECT=YES (RFC 8216 §4.3.4.1).
      `AUTOSELECT=${t.visible || t.forced ? 'YES' : 'NO'}`,
      ...(t.forced ? ['FORCED=YES'] : []),
      `URI=${quoted(playlistUrl(format, t.bitrate, t.name, carry))}`,
    ].join(','),
  );
}

export function textSegmentName(format: HlsFormat, text: PresentationText, start: number, carry: CarriedOptions): string {
  return `${fragmentName(format, text.name, start, carry)}.vtt`;
}

export function writeHlsTextPlaylist(presentation: Presentation, text: PresentationText, format: HlsFormat, carry: CarriedOptions): string {
  const spans = textSpans(presentation, format);
  const longest = spans.reduce((max, span) => Math.max(max, span.duration), 0);
  const lines = [
    '#EXTM3U',
    // Nothing in a WebVTT media playlist needs more than its master's version (v3: decimal EXTINF).
    `#EXT-X-VERSION:${FORMATS[format].hlsVersion}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-TARGETDURATION:${targetDuration(longest)}`,
  ];
  for (const span of spans) lines.push(`#EXTINF:${extinfSeconds(span.duration)},`, textSegmentName(format, text, span.start, carry));
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

/**
 * The WebVTT segment starting at `startTicks` (a span start of the playlist, else 404). X-TIMESTAMP-MAP
 * ties cue time 0 to the media clock: our TS clock runs TS_CLOCK_OFFSET_90K ahead of presentation time;
 * CMAF fragments carry presentation time itself (fragment-timing.ts), so 0 there.
 */
export function writeHlsTextSegment(presentation: Presentation, text: PresentationText, format: HlsFormat, startTicks: number): string {
  const span = textSpans(presentation, format).find((s) => s.start === startTicks);
  if (!span) {
    throw new OriginError(404, 'MPE_FRAGMENT_TIMESTAMP_NOT_FOUND', `No ${format} text segment of "${text.name}" starts at ${startTicks}.`);
  }
  const ms = (ticks: number): number => Math.round((ticks * 1000) / TICKS_PER_SECOND);
  return writeWebVttSegment(text.cues, {
    startMs: ms(span.start),
    endMs: ms(span.start + span.duration),
    mpegtsAtZero: FORMATS[format].container === 'fmp4' ? 0 : TS_CLOCK_OFFSET_90K,
  });
}
