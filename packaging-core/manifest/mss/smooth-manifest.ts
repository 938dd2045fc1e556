/**
 * Smooth Streaming client manifest (streaming-formats.md §2.6, MS-SSTR): version 2.2 with run-length `c`
 * elements, or 2.0 (`format=fmp4-v20`) with one numbered `c` per fragment. All video qualities share
 * one StreamIndex (and so one timeline); each audio track has its own. Clients build decoders from
 * CodecPrivateData: Smooth has no init segment. A protected presentation ends with its Protection
 * element (MS-SSTR 2.2.2.2): one ProtectionHeader per key system, from the request's protection.
 */
import { presentationForFormat } from '../../presentation/format-view.ts';
import { OriginError } from '../../types/errors.ts';
import { durationRuns } from '../xml/duration-runs.ts';
import { escapeXml } from '../xml/escape-xml.ts';
import type { Presentation, PresentationText, PresentationTrack } from '../../types/media.ts';
import { textTimelineTrack } from '../../presentation/text-timeline.ts';
import { isVideoConfig, TICKS_PER_SECOND } from '../../types/media.ts';
import type { ManifestProtection } from '../../types/protection.ts';
import type { FormatOf } from '../../formats/format-table.ts';
import type { UrlOptions } from '../../types/request.ts';
import type { CarriedOptions } from '../../url/build-url.ts';
import { carried, smoothUrlTemplate } from '../../url/build-url.ts';
import { annexBCodecPrivateData, audioCodecFields, videoCodecFields } from './quality-level-codec.ts';

export type SmoothFormat = FormatOf<'smooth'>;

/** MS-SSTR's default NAL length prefix; the attribute is written only when a track differs. */
const DEFAULT_NAL_LENGTH = 4;

/** H.264 CodecPrivateData: each SPS then each PPS behind an Annex-B start code. */
export function avcCodecPrivateData(sps: readonly Uint8Array[], pps: readonly Uint8Array[]): string {
  return annexBCodecPrivateData([...sps, ...pps]);
}

function attributes(pairs: readonly (readonly [string, string | number | undefined])[]): string {
  return pairs
    .filter((pair): pair is readonly [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function chunks(track: PresentationTrack, format: SmoothFormat): string[] {
  const starts = track.fragments.startTicks;
  if (format === 'fmp4-v20') {
    const lines: string[] = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      const t = i === 0 ? starts[0] : undefined;
      lines.push(
        `    <c${attributes([
          ['n', i],
          ['t', t],
          ['d', starts[i + 1]! - starts[i]!],
        ])}/>`,
      );
    }
    return lines;
  }
  // Smooth's r counts every fragment of the run, the first included (unlike DASH's r).
  return durationRuns(starts).map(
    (run) =>
      `    <c${attributes([
        ['t', run.gap ? run.start : undefined],
        ['d', run.duration],
        ['r', run.count > 1 ? run.count : undefined],
      ])}/>`,
  );
}

function videoStreamIndex(
  tracks: readonly PresentationTrack[],
  format: SmoothFormat,
  carry: CarriedOptions,
): string[] {
  const top = tracks[0];
  if (!top) return [];
  const fields = tracks.map((track) => (isVideoConfig(track.config) ? videoCodecFields(track.config) : null));
  const widths = fields.map((f) => f?.width ?? 0);
  const heights = fields.map((f) => f?.height ?? 0);
  const lines = [
    `  <StreamIndex${attributes([
      ['Type', 'video'],
      ['Name', top.name],
      ['Chunks', top.fragments.startTicks.length - 1],
      ['QualityLevels', tracks.length],
      ['MaxWidth', Math.max(...widths)],
      ['MaxHeight', Math.max(...heights)],
      ['DisplayWidth', Math.max(...widths)],
      ['DisplayHeight', Math.max(...heights)],
      ['Url', smoothUrlTemplate(top.name, carry)],
    ])}>`,
  ];
  tracks.forEach((track, index) => {
    const f = fields[index];
    if (!f) return;
    lines.push(
      `    <QualityLevel${attributes([
        ['Index', index],
        ['Bitrate', track.bitrate],
        ['FourCC', f.fourCc],
        ['MaxWidth', f.width],
        ['MaxHeight', f.height],
        ['CodecPrivateData', f.codecPrivateData],
        ['NALUnitLengthField', f.nalLengthSize === DEFAULT_NAL_LENGTH ? undefined : f.nalLengthSize],
      ])}/>`,
    );
  });
  // One StreamIndex means one timeline: the presentation aligns every quality on the same fragments.
  lines.push(...chunks(top, format), '  </StreamIndex>');
  return lines;
}

function audioStreamIndex(track: PresentationTrack, format: SmoothFormat, carry: CarriedOptions): string[] {
  const f = isVideoConfig(track.config) ? null : audioCodecFields(track.config);
  return [
    `  <StreamIndex${attributes([
      ['Type', 'audio'],
      ['Name', track.name],
      ['Language', track.language],
      ['Chunks', track.fragments.startTicks.length - 1],
      ['QualityLevels', 1],
      ['Url', smoothUrlTemplate(track.name, carry)],
    ])}>`,
    `    <QualityLevel${attributes([
      ['Index', 0],
      ['Bitrate', track.bitrate],
      ['FourCC', f?.fourCc],
      ['AudioTag', f?.audioTag ?? 255],
      ['Channels', f?.channels],
      ['SamplingRate', f?.samplingRate],
      ['BitsPerSample', 16],
      ['PacketSize', f?.packetSize ?? 4],
      ['CodecPrivateData', f?.codecPrivateData],
    ])}/>`,
    ...chunks(track, format),
    '  </StreamIndex>',
  ];
}

/**
 * A text track as AMS served it: a `text` StreamIndex of TTML in fMP4 (FourCC TTML, one quality, no
 * CodecPrivateData) on the video's fragment timeline (fmp4/text-segment.ts). Hidden tracks stay out,
 * as in DASH.
 */
function textStreamIndex(presentation: Presentation, text: PresentationText, format: SmoothFormat, carry: CarriedOptions): string[] {
  const timeline = textTimelineTrack(presentation);
  return [
    `  <StreamIndex${attributes([
      ['Type', 'text'],
      ['Name', text.name],
      ['Language', text.language],
      ['Subtype', 'SUBT'],
      ['Chunks', timeline.fragments.startTicks.length - 1],
      ['QualityLevels', 1],
      ['Url', smoothUrlTemplate(text.name, carry)],
    ])}>`,
    `    <QualityLevel${attributes([
      ['Index', 0],
      ['Bitrate', text.bitrate],
      ['FourCC', 'TTML'],
      ['CodecPrivateData', ''],
    ])}/>`,
    ...chunks(timeline, format),
    '  </StreamIndex>',
  ];
}

/**
 * Smooth clients take the content key id from the first ProtectionHeader: protection/ puts the
 * PlayReady-format one first (manifest-protection.ts).
 */
function protectionElement(protection: ManifestProtection): string[] {
  return [
    '  <Protection>',
    ...protection.smoothHeaders.map((h) => `    <ProtectionHeader SystemID="${escapeXml(h.systemId)}">${escapeXml(h.data)}</ProtectionHeader>`),
    '  </Protection>',
  ];
}

/** @param protection the request's encryption, signalled in the Protection element; absent = clear. */
export function writeSmoothManifest(
  presentation: Presentation,
  format: SmoothFormat,
  options: UrlOptions,
  protection?: ManifestProtection,
): string {
  const carry = carried(options);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<SmoothStreamingMedia${attributes([
      ['MajorVersion', 2],
      ['MinorVersion', format === 'fmp4-v20' ? 0 : 2],
      ['TimeScale', TICKS_PER_SECOND],
      ['Duration', presentation.durationTicks],
    ])}>`,
    ...videoStreamIndex(presentation.video, format, carry),
  ];
  for (const track of presentation.audio) lines.push(...audioStreamIndex(track, format, carry));
  for (const text of presentation.text ?? []) {
    if (text.visible || text.forced) lines.push(...textStreamIndex(presentation, text, format, carry));
  }
  if (protection) lines.push(...protectionElement(protection));
  lines.push('</SmoothStreamingMedia>', '');
  return lines.join('\n');
}

/**
 * The `.ismc` the encoder stores next to the `.ism`: the unfiltered Smooth 2.2 manifest of what Smooth
 * carries (audio Smooth cannot carry left out, as the origin serves it), or null when Smooth cannot
 * carry the asset's video (AV1): then no `.ismc` is written rather than one with an empty StreamIndex.
 */
export function writeIsmc(presentation: Presentation): string | null {
  let smooth: Presentation;
  try {
    smooth = presentationForFormat(presentation, 'smooth');
  } catch (err) {
    if (err instanceof OriginError && err.status === 415) return null;
    throw err;
  }
  return writeSmoothManifest(smooth, 'smooth', { filters: [], audioOnly: true, keyframes: false });
}
