/**
 * Static MPD for `mpd-time-csf` and `mpd-time-cmaf` (streaming-formats.md §2.4, §2.5): one Period, one
 * video AdaptationSet holding every quality, one audio AdaptationSet per audio track, SegmentTemplate
 * addressed by `$Bandwidth$` (= the .ism bitrate, the QualityLevels value) and `$Time$` (10 MHz ticks)
 * over an explicit SegmentTimeline. A protected presentation's AdaptationSets open with their
 * ContentProtection descriptors (the mp4protection scheme with cenc:default_KID, ClearKey with its
 * licence URL, each configured DRM system with its pssh), written from the request's protection.
 */
import type { Presentation, PresentationText, PresentationTrack, VideoConfig } from '../../types/media.ts';
import { isVideoConfig, TICKS_PER_SECOND } from '../../types/media.ts';
import type { DashContentProtection, ManifestProtection } from '../../types/protection.ts';
import type { FormatOf } from '../../formats/format-table.ts';
import type { UrlOptions } from '../../types/request.ts';
import type { CarriedOptions } from '../../url/build-url.ts';
import { DASH_BANDWIDTH, DASH_TIME, carried, fragmentName, qualityFragmentUrl } from '../../url/build-url.ts';
import { textTimelineTrack } from '../../presentation/text-timeline.ts';
import { durationRuns, sameTimeline } from '../xml/duration-runs.ts';
import { escapeXml } from '../xml/escape-xml.ts';

export type DashFormat = FormatOf<'dash'>;

const PROFILES: Readonly<Record<DashFormat, string>> = {
  'mpd-time-csf': 'urn:mpeg:dash:profile:isoff-live:2011',
  'mpd-time-cmaf': 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019',
};
const CHANNEL_SCHEME = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';
const TRANSFER_SCHEME = 'urn:mpeg:mpegB:cicp:TransferCharacteristics';
const PRIMARIES_SCHEME = 'urn:mpeg:mpegB:cicp:ColourPrimaries';
const MATRIX_SCHEME = 'urn:mpeg:mpegB:cicp:MatrixCoefficients';
/** SCTE 214-1's namespace of Representation@supplementalCodecs/@supplementalProfiles (Dolby Vision, DASH-IF IOP). */
const SCTE214_NAMESPACE = ['xmlns:scte214', 'urn:scte:dash:scte214-extensions'] as const;
const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';
/** The namespaces of ContentProtection's cenc:default_KID and cenc:pssh, and of dashif:Laurl. */
const PROTECTION_NAMESPACES: readonly (readonly [string, string])[] = [
  ['xmlns:cenc', 'urn:mpeg:cenc:2013'],
  ['xmlns:dashif', 'https://dashif.org/CPS'],
];
/** IMSC1 Text profile TTML in `stpp` (RFC 6381 form; CMAF's name for it). */
const TEXT_CODECS = 'stpp.ttml.im1t';

function supplemental(config: VideoConfig | undefined): readonly [string, string | undefined] | undefined {
  if (!config || config.codec === 'avc1' || !config.supplementalCodecs) return undefined;
  const [codec, brand] = config.supplementalCodecs.split('/');
  return [codec!, brand];
}

/** ISO 8601 duration with millisecond precision: PT13S, PT1M2.5S, PT1H0M0S. */
export function isoDuration(ticks: number): string {
  const totalMs = Math.round(ticks / (TICKS_PER_SECOND / 1000));
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const seconds = ((totalMs % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `PT${hours > 0 ? `${hours}H` : ''}${hours > 0 || minutes > 0 ? `${minutes}M` : ''}${seconds}S`;
}

/** DASH FrameRateType: an integer, or N/1001 for NTSC rates, else a rational in thousandths. */
export function dashFrameRate(fps: number): string {
  if (Math.abs(fps - Math.round(fps)) < 0.001) return String(Math.round(fps));
  const ntsc = Math.round((fps * 1001) / 1000);
  if (Math.abs((ntsc * 1000) / 1001 - fps) < 0.001) return `${ntsc * 1000}/1001`;
  return `${Math.round(fps * 1000)}/1000`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function ratio(x: number, y: number): string {
  const d = gcd(x, y) || 1;
  return `${x / d}:${y / d}`;
}

/** Representation@id must not contain whitespace. */
function idPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function attributes(pairs: readonly (readonly [string, string | number | undefined])[]): string {
  return pairs
    .filter((pair): pair is readonly [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function contentProtection(descriptors: readonly DashContentProtection[], indent: string): string[] {
  const lines: string[] = [];
  for (const d of descriptors) {
    const open = `${indent}<ContentProtection${attributes([
      ['schemeIdUri', d.schemeIdUri],
      ['value', d.value],
      ['cenc:default_KID', d.defaultKid],
    ])}`;
    const children = [
      ...(d.licenceUrl !== undefined ? [`${indent}  <dashif:Laurl>${escapeXml(d.licenceUrl)}</dashif:Laurl>`] : []),
      ...(d.pssh !== undefined ? [`${indent}  <cenc:pssh>${escapeXml(d.pssh)}</cenc:pssh>`] : []),
    ];
    if (children.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...children, `${indent}</ContentProtection>`);
  }
  return lines;
}

/** An AdaptationSet's opening tag, then its ContentProtection (first, as the MPD schema orders them). */
function openAdaptationSet(
  pairs: readonly (readonly [string, string | number | undefined])[],
  protection: ManifestProtection | undefined,
): string[] {
  return [`    <AdaptationSet${attributes(pairs)}>`, ...contentProtection(protection?.dash ?? [], '      ')];
}

function segmentTemplate(
  track: Pick<PresentationTrack, 'name' | 'fragments'>,
  format: DashFormat,
  carry: CarriedOptions,
  presentationTimeOffset: number,
  indent: string,
): string[] {
  const media = qualityFragmentUrl(DASH_BANDWIDTH, fragmentName(format, track.name, DASH_TIME, carry));
  const init = qualityFragmentUrl(DASH_BANDWIDTH, fragmentName(format, track.name, 'init', carry));
  const lines = [
    `${indent}<SegmentTemplate${attributes([
      ['timescale', TICKS_PER_SECOND],
      ['presentationTimeOffset', presentationTimeOffset > 0 ? presentationTimeOffset : undefined],
      ['media', media],
      ['initialization', init],
    ])}>`,
    `${indent}  <SegmentTimeline>`,
  ];
  for (const run of durationRuns(track.fragments.startTicks)) {
    lines.push(
      `${indent}    <S${attributes([
        ['t', run.gap ? run.start : undefined],
        ['d', run.duration],
        ['r', run.count > 1 ? run.count - 1 : undefined],
      ])}/>`,
    );
  }
  lines.push(`${indent}  </SegmentTimeline>`, `${indent}</SegmentTemplate>`);
  return lines;
}

/**
 * CEA-608/708 captions inside the video (SCTE 214-1 / DASH-IF IOP §6.4.3): `CC1=eng;CC3=eng` and
 * `1=lang:eng`, in the video's language, so players that decode in-band captions list them.
 */
function captionAccessibility(presentation: Presentation, language: string): string[] {
  const captions = presentation.inbandCaptions;
  if (!captions) return [];
  const lines: string[] = [];
  if (captions.cea608.length > 0) {
    lines.push(`      <Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="${escapeXml(captions.cea608.map((c) => `${c}=${language}`).join(';'))}"/>`);
  }
  if (captions.cea708.length > 0) {
    lines.push(`      <Accessibility schemeIdUri="urn:scte:dash:cc:cea-708:2015" value="${escapeXml(captions.cea708.map((n) => `${n}=lang:${language}`).join(';'))}"/>`);
  }
  return lines;
}

function videoAdaptationSet(
  presentation: Presentation,
  format: DashFormat,
  carry: CarriedOptions,
  pto: number,
  id: number,
  protection: ManifestProtection | undefined,
): string[] {
  const tracks = presentation.video;
  const top = tracks[0];
  if (!top) return [];
  const shared = tracks.every((track) => sameTimeline(track.fragments.startTicks, top.fragments.startTicks));
  const sizes = tracks.map((track) => (isVideoConfig(track.config) ? track.config : undefined));
  const maxWidth = Math.max(...sizes.map((s) => s?.width ?? 0));
  const maxHeight = Math.max(...sizes.map((s) => s?.height ?? 0));
  const topConfig = isVideoConfig(top.config) ? top.config : undefined;
  const lines = openAdaptationSet(
    [
      ['id', id],
      ['group', 1],
      ['profiles', format === 'mpd-time-csf' ? 'ccff' : undefined],
      ['bitstreamSwitching', 'false'],
      // Qualities whose timelines differ cannot promise aligned segments.
      ['segmentAlignment', shared ? 'true' : 'false'],
      ['contentType', 'video'],
      ['mimeType', 'video/mp4'],
      ['maxWidth', maxWidth],
      ['maxHeight', maxHeight],
      ['frameRate', top.frameRate > 0 ? dashFrameRate(top.frameRate) : undefined],
      [
        'par',
        topConfig
          ? ratio(topConfig.width * topConfig.parNum, topConfig.height * topConfig.parDen)
          : undefined,
      ],
      ['startWithSAP', 1],
    ],
    protection,
  );
  // HDR10 (PQ) and HLG: a player that cannot render the transfer must skip the set (H.273 values).
  // Primaries and matrix as SupplementalProperty beside it (DASH-IF IOP HDR10/HLG: BT.2020 = 9).
  const range = topConfig && topConfig.codec !== 'avc1' ? topConfig.videoRange : 'SDR';
  if (range !== 'SDR') lines.push(`      <EssentialProperty schemeIdUri="${TRANSFER_SCHEME}" value="${range === 'PQ' ? 16 : 18}"/>`);
  const colour = topConfig && topConfig.codec !== 'avc1' ? topConfig.colour : undefined;
  if (range !== 'SDR' && colour) {
    lines.push(
      `      <SupplementalProperty schemeIdUri="${PRIMARIES_SCHEME}" value="${colour.primaries}"/>`,
      `      <SupplementalProperty schemeIdUri="${MATRIX_SCHEME}" value="${colour.matrix}"/>`,
    );
  }
  lines.push(...captionAccessibility(presentation, top.language));
  if (shared) lines.push(...segmentTemplate(top, format, carry, pto, '      '));
  tracks.forEach((track, index) => {
    const config = isVideoConfig(track.config) ? track.config : undefined;
    const open = `      <Representation${attributes([
      ['id', `${id}_V_${idPart(track.name)}_${index + 1}`],
      ['bandwidth', track.bitrate],
      ['codecs', track.config.codecString],
      // Dolby Vision over the base layer `codecs` names: `dvh1.08.04/db4h` → codec and brand.
      ['scte214:supplementalCodecs', supplemental(config)?.[0]],
      ['scte214:supplementalProfiles', supplemental(config)?.[1]],
      ['width', config?.width],
      ['height', config?.height],
      ['sar', config ? ratio(config.parNum, config.parDen) : undefined],
    ])}`;
    if (shared) {
      lines.push(`${open}/>`);
    } else {
      lines.push(
        `${open}>`,
        ...segmentTemplate(track, format, carry, pto, '        '),
        '      </Representation>',
      );
    }
  });
  lines.push('    </AdaptationSet>');
  return lines;
}

function audioAdaptationSet(
  track: PresentationTrack,
  format: DashFormat,
  carry: CarriedOptions,
  pto: number,
  id: number,
  main: boolean,
  protection: ManifestProtection | undefined,
): string[] {
  const config = isVideoConfig(track.config) ? undefined : track.config;
  const lines = [
    ...openAdaptationSet(
      [
        ['id', id],
        // Audio languages are alternatives of one another: one group.
        ['group', 2],
        ['profiles', format === 'mpd-time-csf' ? 'ccff' : undefined],
        ['bitstreamSwitching', 'false'],
        ['segmentAlignment', 'true'],
        ['contentType', 'audio'],
        ['mimeType', 'audio/mp4'],
        ['lang', track.language],
      ],
      protection,
    ),
    `      <Label>${escapeXml(track.name)}</Label>`,
  ];
  // Audio description as AMS signalled it (Accessibility description, Role alternate); other roles as Role.
  if (track.role === 'description') {
    lines.push(`      <Accessibility schemeIdUri="${ROLE_SCHEME}" value="description"/>`, `      <Role schemeIdUri="${ROLE_SCHEME}" value="alternate"/>`);
  } else if (track.role !== undefined) lines.push(`      <Role schemeIdUri="${ROLE_SCHEME}" value="${track.role}"/>`);
  else if (main) lines.push(`      <Role schemeIdUri="${ROLE_SCHEME}" value="main"/>`);
  lines.push(
    ...segmentTemplate(track, format, carry, pto, '      '),
    `      <Representation${attributes([
      ['id', `${id}_A_${idPart(track.name)}_1`],
      ['bandwidth', track.bitrate],
      ['codecs', track.config.codecString],
      ['audioSamplingRate', config?.sampleRate],
    ])}>`,
  );
  if (config)
    lines.push(
      `        <AudioChannelConfiguration schemeIdUri="${CHANNEL_SCHEME}" value="${config.channels}"/>`,
    );
  lines.push('      </Representation>', '    </AdaptationSet>');
  return lines;
}

/**
 * A text track as IMSC1 Text (TTML) in fMP4 `stpp` segments on the video's fragment timeline
 * (fmp4/text-segment.ts), as AMS served text in DASH: shaka-player and dash.js both play it, it is
 * a CMAF text track (a sidecar file is not), and a player fetches only the text of the time it plays.
 */
function textAdaptationSet(
  presentation: Presentation,
  text: PresentationText,
  format: DashFormat,
  carry: CarriedOptions,
  pto: number,
  id: number,
): string[] {
  const timeline = { name: text.name, fragments: textTimelineTrack(presentation).fragments };
  return [
    // No ContentProtection: text is served clear under every policy (package-request.ts), and a
    // descriptor would tell players to expect encrypted text segments.
    ...openAdaptationSet(
      [
        ['id', id],
        ['contentType', 'text'],
        ['mimeType', 'application/mp4'],
        ['codecs', TEXT_CODECS],
        ['segmentAlignment', 'true'],
        ['startWithSAP', 1],
        ['lang', text.language],
      ],
      undefined,
    ),
    `      <Label>${escapeXml(text.name)}</Label>`,
    `      <Role schemeIdUri="${ROLE_SCHEME}" value="${text.forced ? 'forced-subtitle' : 'subtitle'}"/>`,
    ...segmentTemplate(timeline, format, carry, pto, '      '),
    `      <Representation${attributes([
      ['id', `${id}_T_${idPart(text.name)}`],
      ['bandwidth', text.bitrate],
    ])}/>`,
    '    </AdaptationSet>',
  ];
}

function longestFragment(tracks: readonly PresentationTrack[]): number {
  let longest = 0;
  for (const track of tracks) {
    const starts = track.fragments.startTicks;
    for (let i = 0; i + 1 < starts.length; i++) longest = Math.max(longest, starts[i + 1]! - starts[i]!);
  }
  return longest;
}

/** @param protection the request's encryption, signalled in every AdaptationSet; absent = clear. */
export function writeMpd(presentation: Presentation, format: DashFormat, options: UrlOptions, protection?: ManifestProtection): string {
  const carry = carried(options);
  const all = [...presentation.video, ...presentation.audio];
  // A presentation a filter trimmed at the front starts later than 0: the Period begins there.
  const pto = Math.min(...all.map((track) => track.fragments.startTicks[0] ?? 0));
  const minBuffer = Math.max(2, Math.ceil(longestFragment(all) / TICKS_PER_SECOND)) * TICKS_PER_SECOND;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<MPD${attributes([
      ...(protection ? PROTECTION_NAMESPACES : []),
      ...(presentation.video.some((t) => supplemental(isVideoConfig(t.config) ? t.config : undefined)) ? [SCTE214_NAMESPACE] : []),
      ['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
      ['profiles', PROFILES[format]],
      ['type', 'static'],
      ['mediaPresentationDuration', isoDuration(presentation.durationTicks)],
      ['minBufferTime', isoDuration(minBuffer)],
    ])}>`,
    `  <Period id="0" start="PT0S">`,
  ];
  let id = 1;
  if (presentation.video.length > 0)
    lines.push(...videoAdaptationSet(presentation, format, carry, pto, id++, protection));
  presentation.audio.forEach((track, index) => {
    lines.push(...audioAdaptationSet(track, format, carry, pto, id++, index === 0, protection));
  });
  for (const text of presentation.text ?? []) {
    if (text.visible || text.forced) lines.push(...textAdaptationSet(presentation, text, format, carry, pto, id++));
  }
  lines.push('  </Period>', '</MPD>', '');
  return lines.join('\n');
}
