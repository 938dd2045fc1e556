/**
 * Builds the URLs the manifests write (streaming-formats.md §1.3). Child URLs are relative, as AMS wrote
 * them: a master at `NAME.ism/manifest(...)` points at `QualityLevels(B)/Manifest(...)`, a media playlist
 * at `QualityLevels(B)/Manifest(...)` points at `Fragments(...)`. Every option of the request that shapes
 * the media (filter, audioTrack, encryption) is carried into each child so the whole tree agrees.
 */
import { CONTAINER_EXTENSIONS, DEFAULT_FORMAT, FORMATS } from '../formats/format-table.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { UrlOptions } from '../types/request.ts';

/** The options a child URL inherits from its parent. */
export type CarriedOptions = Pick<UrlOptions, 'filters' | 'audioTrack' | 'encryption'>;

/** DASH template placeholders, written raw (never percent-encoded). */
export const DASH_BANDWIDTH = '$Bandwidth$';
export const DASH_TIME = '$Time$';

const encodeName = encodeURIComponent;

/** `audiotrack=…,filter=a;b,encryption=…` in the order AMS wrote them. */
function carriedItems(options: CarriedOptions): string[] {
  const items: string[] = [];
  if (options.audioTrack !== undefined) items.push(`audiotrack=${encodeName(options.audioTrack)}`);
  if (options.filters.length > 0) items.push(`filter=${options.filters.map(encodeName).join(';')}`);
  if (options.encryption !== undefined) items.push(`encryption=${options.encryption}`);
  return items;
}

function formatItems(format: StreamingFormat): string[] {
  const key = FORMATS[format].amsKey;
  return key === null ? [] : [`format=${key}`];
}

/** Host-less top-level path, e.g. `/{LOC}/movie.ism/manifest(format=m3u8-aapl)` (what ListPaths returns). */
export function manifestPath(
  locator: string,
  ism: string,
  format: StreamingFormat,
  options: CarriedOptions & { readonly audioOnly?: boolean },
): string {
  const items = [...formatItems(format), ...carriedItems(options)];
  if (options.audioOnly === false) items.push('audio-only=false');
  const manifest = items.length > 0 ? `manifest(${items.join(',')})` : 'manifest';
  return `/${locator}/${encodeName(ism)}/${manifest}`;
}

/** `QualityLevels(B)/Manifest(T,format=…[,type=keyframes],…)`, relative to the `.ism/` directory. */
export function playlistUrl(
  format: StreamingFormat,
  bitrate: number,
  track: string,
  options: CarriedOptions,
  keyframes = false,
): string {
  const items = [encodeName(track), ...formatItems(format)];
  if (keyframes) items.push('type=keyframes');
  return `QualityLevels(${bitrate})/Manifest(${[...items, ...carriedItems(options)].join(',')})`;
}

/**
 * `Fragments(T=t,format=…,…)`, relative to `QualityLevels(B)/`. `time` is a tick count, 'init' for the
 * initialization segment, or a template placeholder such as `$Time$`.
 */
export function fragmentName(
  format: StreamingFormat,
  track: string,
  time: number | 'init' | typeof DASH_TIME | '{start time}',
  options: CarriedOptions,
  keyframes = false,
): string {
  const t = time === 'init' ? 'i' : String(time);
  const items = [`${encodeName(track)}=${t}`, ...formatItems(format)];
  if (keyframes) items.push('type=keyframes');
  return `Fragments(${[...items, ...carriedItems(options)].join(',')})`;
}

/**
 * The file-name tail an HLS playlist puts after a segment's `Fragments(…)`: ffmpeg (and every tool
 * built on it) reads HLS segments only when the URL ends in an extension of the detected container
 * (its `allowed_segment_extensions` check), and AMS's extension-less names fail it. `.ts` for MPEG-TS,
 * `.mp4` for a CMAF init segment, `.m4s` for a CMAF media segment. The origin accepts both forms.
 */
export function hlsSegmentTail(format: StreamingFormat, time: number | 'init'): string {
  const traits = FORMATS[format];
  if (traits.protocol !== 'hls') return '';
  const extensions = CONTAINER_EXTENSIONS[traits.container];
  const extension = time === 'init' ? extensions.init : extensions.media;
  return extension === null ? '' : `.${extension}`;
}

/** A segment URI inside an HLS media playlist: `Fragments(…)` plus its container's extension. */
export function hlsSegmentName(
  format: StreamingFormat,
  track: string,
  time: number | 'init',
  options: CarriedOptions,
  keyframes = false,
): string {
  return fragmentName(format, track, time, options, keyframes) + hlsSegmentTail(format, time);
}

/** `QualityLevels(B)/Fragments(…)`, relative to the `.ism/` directory (DASH templates, Smooth Url). */
export function qualityFragmentUrl(
  bitrate: number | typeof DASH_BANDWIDTH | '{bitrate}',
  name: string,
): string {
  return `QualityLevels(${bitrate})/${name}`;
}

/** Smooth's StreamIndex@Url: `QualityLevels({bitrate})/Fragments(T={start time}[,…])`. */
export function smoothUrlTemplate(track: string, options: CarriedOptions): string {
  return qualityFragmentUrl('{bitrate}', fragmentName(DEFAULT_FORMAT, track, '{start time}', options));
}

export function carried(options: UrlOptions): CarriedOptions {
  return {
    filters: options.filters,
    ...(options.audioTrack !== undefined ? { audioTrack: options.audioTrack } : {}),
    ...(options.encryption !== undefined ? { encryption: options.encryption } : {}),
  };
}
