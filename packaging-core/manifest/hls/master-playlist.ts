/**
 * HLS master playlists (streaming-formats.md §2.1–2.3):
 *  - m3u8-aapl (v4, TS): one audio group with a rendition per audio track, a variant and an I-frame
 *    variant per video quality, and an audio-only variant unless `audio-only=false`;
 *  - m3u8-aapl-v3 (TS, audio muxed into video): no audio renditions, one audio track chosen by
 *    `audioTrack=` (default: the first) and named in every child URL; subtitles and captions as in v4;
 *  - m3u8-cmaf (fMP4): the v4 layout with CMAF playlists.
 * Takes the presentation as given: a filter stage may have removed tracks or fragments before.
 */
import type { Presentation, PresentationTrack } from '../../types/media.ts';
import { isVideoConfig } from '../../types/media.ts';
import type { UrlOptions } from '../../types/request.ts';
import type { CarriedOptions } from '../../url/build-url.ts';
import { carried, playlistUrl } from '../../url/build-url.ts';
import { findAudioTrack } from '../../presentation/find-track.ts';
import { FORMATS, fragmentsPerSegment } from '../../formats/format-table.ts';
import type { Bandwidth } from './bandwidth.ts';
import { iframeBandwidth, trackBandwidth, variantBandwidth } from './bandwidth.ts';
import { codecList, quoted } from './playlist-text.ts';
import { SUBTITLES_GROUP, subtitleRenditions } from './text-playlist.ts';
import { CLOSED_CAPTIONS_GROUP, closedCaptionRenditions } from './closed-captions.ts';

import type { HlsFormat } from './hls-format.ts';

export type { HlsFormat };

const AUDIO_GROUP = 'audio';

function bandwidthAttributes(bandwidth: Bandwidth): string {
  // Rounding can make a perfectly even stream's peak equal its average; BANDWIDTH is the ceiling.
  return `BANDWIDTH=${Math.max(bandwidth.peak, bandwidth.average)},AVERAGE-BANDWIDTH=${bandwidth.average}`;
}

/** Dolby Vision on a cross-compatible HEVC/AV1 base layer, right after CODECS (RFC 8216bis §4.4.6.2). */
function supplementalCodecs(video: PresentationTrack): string[] {
  const config = video.config;
  return isVideoConfig(config) && config.codec !== 'avc1' && config.supplementalCodecs ? [`SUPPLEMENTAL-CODECS=${quoted(config.supplementalCodecs)}`] : [];
}

function videoAttributes(video: PresentationTrack): string[] {
  const attributes: string[] = [];
  const config = video.config;
  if (isVideoConfig(config)) attributes.push(`RESOLUTION=${config.width}x${config.height}`);
  if (video.frameRate > 0) attributes.push(`FRAME-RATE=${video.frameRate.toFixed(3)}`);
  // HDR10 and HLG renditions say so, so SDR-only players skip them (RFC 8216bis §4.4.6.2).
  if (isVideoConfig(config) && config.codec !== 'avc1' && config.videoRange !== 'SDR') attributes.push(`VIDEO-RANGE=${config.videoRange}`);
  return attributes;
}

function audioRenditions(presentation: Presentation, format: HlsFormat, options: CarriedOptions): string[] {
  return presentation.audio.map((audio, index) =>
    [
      '#EXT-X-MEDIA:TYPE=AUDIO',
      `GROUP-ID=${quoted(AUDIO_GROUP)}`,
      `NAME=${quoted(audio.name)}`,
      `LANGUAGE=${quoted(audio.language)}`,
      // Multichannel Dolby and Opus renditions declare their channels (AAC keeps AMS's attribute set).
      ...(audio.config.codec !== 'mp4a' && !isVideoConfig(audio.config) ? [`CHANNELS=${quoted(String(audio.config.channels))}`] : []),
      `DEFAULT=${index === 0 ? 'YES' : 'NO'}`,
      'AUTOSELECT=YES',
      // Audio description: players offer it to viewers whose accessibility settings ask for it.
      ...(audio.role === 'description' ? [`CHARACTERISTICS=${quoted('public.accessibility.describes-video')}`] : []),
      `URI=${quoted(playlistUrl(format, audio.bitrate, audio.name, options))}`,
    ].join(','),
  );
}

/**
 * Subtitle renditions (WebVTT text tracks) and closed-caption renditions (608/708 in the video), and
 * the group attributes a video variant names them by. Every HLS flavour carries them: EXT-X-MEDIA and
 * the SUBTITLES/CLOSED-CAPTIONS attributes are backward compatible to version 1 (RFC 8216 §7).
 */
function textGroupsOf(presentation: Presentation, format: HlsFormat, carry: CarriedOptions): { renditions: string[]; groups: string[] } {
  const subtitles = subtitleRenditions(presentation, format, carry);
  const captions = closedCaptionRenditions(presentation, format);
  return {
    renditions: [...subtitles, ...captions],
    groups: [
      ...(subtitles.length > 0 ? [`SUBTITLES=${quoted(SUBTITLES_GROUP)}`] : []),
      ...(captions.length > 0 ? [`CLOSED-CAPTIONS=${quoted(CLOSED_CAPTIONS_GROUP)}`] : []),
    ],
  };
}

function writeDemuxed(presentation: Presentation, format: HlsFormat, options: UrlOptions): string {
  const carry = carried(options);
  const { container, hlsVersion, keyframePlaylists } = FORMATS[format];
  // CMAF segments are single fragments; only TS packs several (§2.3).
  const perSegment = fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment);
  const audioCodecs = presentation.audio.map((audio) => audio.config.codecString);
  const audioGroup = presentation.audio.length > 0 ? [`AUDIO=${quoted(AUDIO_GROUP)}`] : [];
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${hlsVersion}`];
  // fMP4 segments each start with a keyframe (CMAF); TS segments are not declared independent.
  if (container === 'fmp4') lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  lines.push(...audioRenditions(presentation, format, carry));
  const { renditions: textRenditions, groups: textGroups } = textGroupsOf(presentation, format, carry);
  lines.push(...textRenditions);

  for (const video of presentation.video) {
    const bandwidth = variantBandwidth(video, presentation.audio, perSegment, container);
    lines.push(
      [
        `#EXT-X-STREAM-INF:${bandwidthAttributes(bandwidth)}`,
        ...videoAttributes(video),
        `CODECS=${codecList([video.config.codecString, ...audioCodecs])}`,
        ...supplementalCodecs(video),
        ...audioGroup,
        ...textGroups,
      ].join(','),
      playlistUrl(format, video.bitrate, video.name, carry),
    );
    if (keyframePlaylists) {
      const iframes = iframeBandwidth(video);
      lines.push(
        [
          `#EXT-X-I-FRAME-STREAM-INF:${bandwidthAttributes(iframes)}`,
          ...videoAttributes(video).filter((attribute) => !attribute.startsWith('FRAME-RATE')),
          `CODECS=${codecList([video.config.codecString])}`,
          ...supplementalCodecs(video),
          `URI=${quoted(playlistUrl(format, video.bitrate, video.name, carry, true))}`,
        ].join(','),
      );
    }
  }

  const firstAudio = presentation.audio[0];
  // Without video the audio variant is the only one, whatever audio-only says.
  if (firstAudio && (options.audioOnly || presentation.video.length === 0)) {
    const peak = presentation.audio
      .map((audio) => trackBandwidth(audio, perSegment, container))
      .reduce((a, b) => ({ peak: Math.max(a.peak, b.peak), average: Math.max(a.average, b.average) }));
    lines.push(
      [
        `#EXT-X-STREAM-INF:${bandwidthAttributes(peak)}`,
        `CODECS=${codecList(audioCodecs)}`,
        ...audioGroup,
      ].join(','),
      playlistUrl(format, firstAudio.bitrate, firstAudio.name, carry),
    );
  }
  lines.push('');
  return lines.join('\n');
}

function writeMuxed(presentation: Presentation, format: HlsFormat, options: UrlOptions): string {
  const audio = findAudioTrack(presentation, options.audioTrack);
  const carry: CarriedOptions = { ...carried(options), ...(audio ? { audioTrack: audio.name } : {}) };
  const audioTracks = audio ? [audio] : [];
  const { container, hlsVersion } = FORMATS[format];
  const perSegment = fragmentsPerSegment(format, presentation.fragmentsPerHlsSegment);
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${hlsVersion}`];
  const { renditions: textRenditions, groups: textGroups } = textGroupsOf(presentation, format, carry);
  lines.push(...textRenditions);
  for (const video of presentation.video) {
    const bandwidth = variantBandwidth(video, audioTracks, perSegment, container);
    const codecs = [video.config.codecString, ...audioTracks.map((track) => track.config.codecString)];
    lines.push(
      [
        `#EXT-X-STREAM-INF:${bandwidthAttributes(bandwidth)}`,
        ...videoAttributes(video),
        `CODECS=${codecList(codecs)}`,
        ...supplementalCodecs(video),
        ...textGroups,
      ].join(','),
      playlistUrl(format, video.bitrate, video.name, carry),
    );
  }
  if (presentation.video.length === 0 && audio) {
    const bandwidth = trackBandwidth(audio, perSegment, container);
    lines.push(
      `#EXT-X-STREAM-INF:${bandwidthAttributes(bandwidth)},CODECS=${codecList([audio.config.codecString])}`,
      playlistUrl(format, audio.bitrate, audio.name, carry),
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** The master playlist of `format` for the request's options. Unknown `audioTrack=` → OriginError 404. */
export function writeHlsMaster(presentation: Presentation, format: HlsFormat, options: UrlOptions): string {
  return FORMATS[format].muxedAudio ? writeMuxed(presentation, format, options) : writeDemuxed(presentation, format, options);
}
