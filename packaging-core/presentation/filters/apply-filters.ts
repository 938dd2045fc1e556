/**
 * The filter stage of the origin: a presentation and the filters of a request in, the reduced
 * presentation every format then packages (manifests, playlists and fragments alike, so the URLs a
 * filtered manifest lists resolve against the same tracks and fragments).
 *
 * Composition is intersection: a track stays when every filter keeps it, a fragment when every
 * filter's (outward-snapped) time range holds it. Sample tables are shared with the source; the
 * fragment arrays are views (subarray) of the source's, so fragment start times, and with them
 * every fragment URL, are those of the unfiltered asset.
 */
import { OriginError } from '../../types/errors.ts';
import type { Presentation, PresentationText, PresentationTrack, TrackFragments } from '../../types/media.ts';
import { TICKS_PER_SECOND } from '../../types/media.ts';
import type { NamedFilter } from '../../types/filter-definition.ts';
import { fragmentsInRange, intersectSpans, rangeTicks, type FragmentSpan, type TickRange } from './time-range.ts';
import { isTrackSelected } from './track-match.ts';

export const FILTER_REMOVED_ALL_STREAMS = 'MPE_FILTER_REMOVED_ALL_STREAMS';

function removedAll(message: string): OriginError {
  return new OriginError(400, FILTER_REMOVED_ALL_STREAMS, message);
}

function quotedNames(filters: readonly NamedFilter[]): string {
  return filters.map((f) => `"${f.name}"`).join(' and ');
}

function describeTrack(t: PresentationTrack): string {
  return t.kind === 'video' ? `video ${t.bitrate}` : t.name;
}

function seconds(ticks: number): string {
  return `${Math.round((ticks / TICKS_PER_SECOND) * 1000) / 1000} s`;
}

function fullSpan(track: PresentationTrack): FragmentSpan {
  return { first: 0, end: track.fragments.startTicks.length - 1 };
}

function slice(fragments: TrackFragments, span: FragmentSpan): TrackFragments {
  return {
    firstSample: fragments.firstSample.subarray(span.first, span.end + 1),
    startTicks: fragments.startTicks.subarray(span.first, span.end + 1),
  };
}

/** Tracks every filter keeps; a filter that by itself drops all video is named in the error. */
function selectTracks(p: Presentation, filters: readonly NamedFilter[]): PresentationTrack[] {
  const all = [...p.video, ...p.audio];
  const kept = all.filter((t) => filters.every((f) => isTrackSelected(t, f.definition.tracks)));
  const lost = p.video.length > 0 && !kept.some((t) => t.kind === 'video') ? 'video' : kept.length === 0 ? 'track' : undefined;
  if (!lost) return kept;
  const of = lost === 'video' ? p.video : all;
  const culprit = filters.find((f) => !of.some((t) => isTrackSelected(t, f.definition.tracks)));
  if (culprit) {
    throw removedAll(`Filter "${culprit.name}" removes every ${lost} track of ${p.ismName} (${of.map(describeTrack).join(', ')}); a stream needs at least one.`);
  }
  const keeps = filters
    .map((f) => `"${f.name}" keeps ${of.filter((t) => isTrackSelected(t, f.definition.tracks)).map(describeTrack).join(', ') || 'none'}`)
    .join('; ');
  throw removedAll(`Filters ${quotedNames(filters)} together remove every ${lost} track of ${p.ismName}: ${keeps}.`);
}

/**
 * Text tracks every filter keeps (a filter may select them by Type text, Name, Language or Bitrate;
 * dropping them all is never an error). Under a time range their cues are cut to what the kept
 * fragments span, as the media is: a cue is never served outside the media the player can reach.
 * Times stay presentation times, as fragment times do (DASH rebases both with presentationTimeOffset).
 */
function selectText(p: Presentation, filters: readonly NamedFilter[], window: TickRange | undefined): PresentationText[] {
  const kept = (p.text ?? []).filter((t) => filters.every((f) => isTrackSelected({ ...t, kind: 'text' }, f.definition.tracks)));
  if (!window) return kept;
  const startMs = Math.round((window.start * 1000) / TICKS_PER_SECOND);
  const endMs = Math.round((window.end * 1000) / TICKS_PER_SECOND);
  return kept.map((t) => ({
    ...t,
    cues: t.cues.filter((c) => c.startMs < endMs && c.endMs > startMs).map((c) => ({ ...c, startMs: Math.max(c.startMs, startMs), endMs: Math.min(c.endMs, endMs) })),
  }));
}

/**
 * The kept fragment span per track. Tracks on the shared video timeline (same fragment count as the
 * first rung: every rung and the audio laid on it) take one span, so they stay index-aligned as HLS v3
 * muxing and segment numbering need; tracks on timelines of their own are cut by time.
 */
function spansByTime(p: Presentation, tracks: readonly PresentationTrack[], ranges: readonly TickRange[]): Map<PresentationTrack, FragmentSpan> {
  const reference = p.video[0];
  const referenceCount = reference ? reference.fragments.startTicks.length : -1;
  const shared = reference
    ? ranges.reduce((span, r) => intersectSpans(span, fragmentsInRange(reference.fragments.startTicks, r)), fullSpan(reference))
    : undefined;
  const spans = new Map<PresentationTrack, FragmentSpan>();
  for (const t of tracks) {
    if (shared && t.fragments.startTicks.length === referenceCount) spans.set(t, shared);
    else spans.set(t, ranges.reduce((span, r) => intersectSpans(span, fragmentsInRange(t.fragments.startTicks, r)), fullSpan(t)));
  }
  return spans;
}

/** firstQuality: the kept video rung nearest the wanted bitrate goes first; at most one per request. */
function orderVideo(video: PresentationTrack[], filters: readonly NamedFilter[]): PresentationTrack[] {
  const withFirst = filters.filter((f) => f.definition.firstQuality);
  if (withFirst.length > 1) {
    throw new OriginError(
      400,
      'MPE_BAD_URL_SYNTAX',
      `Filters ${quotedNames(withFirst)} each set firstQuality; a request may combine at most one firstQuality.`,
    );
  }
  const wanted = withFirst[0]?.definition.firstQuality?.bitrate;
  if (wanted === undefined || video.length < 2) return video;
  const first = video.reduce((best, t) => (Math.abs(t.bitrate - wanted) < Math.abs(best.bitrate - wanted) ? t : best));
  return [first, ...video.filter((t) => t !== first)];
}

/** A short, stable digest of the definitions: part of the filtered version (ETag, caches). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function filtersKey(filters: readonly NamedFilter[]): string {
  return JSON.stringify(filters.map((f) => [f.name, f.definition]));
}

/**
 * The presentation `filters` leave. Throws OriginError 400 MPE_FILTER_REMOVED_ALL_STREAMS when no
 * video is left of a presentation that had video (or nothing at all is left), saying which filter
 * removed what, and 400 when two filters set firstQuality.
 */
export function applyFilters(p: Presentation, filters: readonly NamedFilter[]): Presentation {
  if (filters.length === 0) return p;
  const tracks = selectTracks(p, filters);
  const timed = filters.filter((f) => f.definition.presentationTimeRange);
  const ranges = timed.map((f) => rangeTicks(f.definition.presentationTimeRange!));
  const spans = spansByTime(p, tracks, ranges);
  const cut = tracks.map((t) => ({ ...t, fragments: slice(t.fragments, spans.get(t)!) }));
  const kept = cut.filter((t) => t.fragments.startTicks.length > 1);
  if (kept.length < cut.length && (kept.length === 0 || (p.video.length > 0 && !kept.some((t) => t.kind === 'video')))) {
    const window = ranges.reduce((a, r) => ({ start: Math.max(a.start, r.start), end: Math.min(a.end, r.end) }), { start: -Infinity, end: Infinity });
    const from = Number.isFinite(window.start) ? seconds(window.start) : 'the start';
    const to = Number.isFinite(window.end) ? seconds(window.end) : 'the end';
    throw removedAll(
      `The time range of ${quotedNames(timed)} (${from} to ${to}) holds no media of ${p.ismName}, which lasts ${seconds(p.durationTicks)}.`,
    );
  }
  let start = Infinity;
  let end = 0;
  for (const t of kept) {
    const s = t.fragments.startTicks;
    start = Math.min(start, s[0]!);
    end = Math.max(end, s[s.length - 1]!);
  }
  const video = orderVideo(kept.filter((t) => t.kind === 'video'), filters);
  // Cues follow the timeline text is cut on (the top rung's fragments), not the audio's slightly longer edges.
  const timeline = (video[0] ?? kept.find((t) => t.kind === 'audio'))!.fragments.startTicks;
  const text = selectText(p, filters, ranges.length > 0 ? { start: timeline[0]!, end: timeline[timeline.length - 1]! } : undefined);
  const { text: _, ...rest } = p;
  return {
    ...rest,
    ...(text.length > 0 && { text }),
    video,
    audio: kept.filter((t) => t.kind === 'audio'),
    // A trimmed front starts later than 0: the duration is what is left (DASH rebases on presentationTimeOffset).
    durationTicks: ranges.length > 0 ? end - start : p.durationTicks,
    version: `${p.version}~${digest(filtersKey(filters))}`,
  };
}
