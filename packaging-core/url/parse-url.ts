/**
 * AMS's streaming URL grammar (streaming-formats.md §1) → an OriginRequest, or an OriginError:
 *   /{LOC}/{NAME}.ism/manifest[(options)][.m3u8|.mpd]
 *   /{LOC}/{NAME}.ism/QualityLevels(B)/Manifest(T,options)
 *   /{LOC}/{NAME}.ism/QualityLevels(B)/Fragments(T=t|i[,options])
 *   /{LOC}/{file}.mp4|.m4a, /crossdomain.xml, /clientaccesspolicy.xml
 */
import { OriginError } from '../types/errors.ts';
import { amsKeysWhere, DEFAULT_FORMAT, FORMATS, formatTraits } from '../formats/format-table.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { OriginRequest } from '../types/request.ts';
import { badSyntax, parseOptionList } from './url-options.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOP_MANIFEST = /^manifest(?:\(([^()]*)\)(?:\.(?:m3u8|mpd))?)?$/i;
const QUALITY_LEVELS = /^qualitylevels\(\s*(\d+)\s*\)$/i;
const PLAYLIST = /^manifest\(([^()]*)\)(?:\.m3u8)?$/i;
// AMS wrote no extension; HLS playlists add the container's (build-url.ts hlsSegmentTail) for ffmpeg.
const FRAGMENTS = /^fragments\(([^()]*)\)(?:\.(ts|m4s|mp4|vtt))?$/i;
const DOWNLOADABLE = /\.(?:mp4|m4a)$/i;
const NEVER_DOWNLOADED = /\.(?:ism|ismc|ismv|isma)$/i;
const POLICY_FILES = ['crossdomain.xml', 'clientaccesspolicy.xml'] as const;
// Encoded path separators and NUL would let a decoded name escape its segment.
const ENCODED_FORBIDDEN = /%(?:2f|5c|00)/i;

/** C0 controls, DEL and backslashes have no place in a streaming path. */
function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}


const KEYFRAME_FORMATS = amsKeysWhere((t) => t.keyframePlaylists);

function notFound(message: string): OriginError {
  return new OriginError(404, 'MPE_RESOURCE_NOT_FOUND', message);
}

function decodePath(raw: string): string {
  if (ENCODED_FORBIDDEN.test(raw)) {
    throw badSyntax('The path contains an encoded slash, backslash or NUL (%2F, %5C, %00).');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw badSyntax('The path has a malformed percent-encoding.');
  }
  if (hasControlOrBackslash(decoded))
    throw badSyntax('The path contains a control character or a backslash.');
  return decoded;
}

function parseTime(value: string, format: StreamingFormat): number | 'init' {
  if (value.toLowerCase() === 'i') {
    if (FORMATS[format].initFlavor === null) {
      throw badSyntax(`format ${format} has no initialization segment (T=i); only CMAF and DASH formats do.`);
    }
    return 'init';
  }
  if (!/^\d+$/.test(value))
    throw badSyntax(`Fragment time must be a whole number of ticks or "i", got "${value}".`);
  const time = Number(value);
  if (!Number.isSafeInteger(time)) throw badSyntax(`Fragment time ${value} is out of range.`);
  return time;
}

function parseStreaming(locator: string, ism: string, rest: readonly string[]): OriginRequest {
  const [first, second] = rest;
  if (rest.length === 1 && first !== undefined) {
    const match = TOP_MANIFEST.exec(first);
    if (!match) throw badSyntax(`Expected manifest or manifest(<options>) after ${ism}/, got "${first}".`);
    const parsed = parseOptionList(match[1] ?? '', false);
    if (parsed.positional.length > 0) {
      throw badSyntax(`Unexpected "${parsed.positional.join(',')}" in manifest(...): options are key=value.`);
    }
    if (parsed.options.keyframes)
      throw badSyntax('type=keyframes applies to a video playlist, not to manifest(...).');
    return { kind: 'manifest', locator, ism, format: parsed.format ?? DEFAULT_FORMAT, options: parsed.options };
  }
  if (rest.length !== 2 || first === undefined || second === undefined) {
    throw badSyntax(`Expected manifest(...) or QualityLevels(B)/... after ${ism}/.`);
  }
  const quality = QUALITY_LEVELS.exec(first);
  if (!quality) throw badSyntax(`Expected QualityLevels(<bitrate>), got "${first}".`);
  const bitrate = Number(quality[1]);
  if (!Number.isSafeInteger(bitrate) || bitrate <= 0) throw badSyntax(`Invalid bitrate in "${first}".`);

  const playlist = PLAYLIST.exec(second);
  if (playlist) {
    const parsed = parseOptionList(playlist[1] ?? '', false);
    const [track, ...extra] = parsed.positional;
    if (track === undefined || extra.length > 0) {
      throw badSyntax(
        `Manifest(...) under QualityLevels must name exactly one track, e.g. Manifest(video,format=m3u8-aapl).`,
      );
    }
    const format = parsed.format;
    if (format === undefined || FORMATS[format].contentTypes.playlist === null) {
      throw badSyntax(
        `Media playlists exist only for HLS: give format=${amsKeysWhere((t) => t.contentTypes.playlist !== null)}.`,
      );
    }
    if (parsed.options.keyframes && !FORMATS[format].keyframePlaylists) {
      throw badSyntax(`type=keyframes (I-frame playlist) is served only with format=${KEYFRAME_FORMATS}.`);
    }
    return { kind: 'playlist', locator, ism, format, bitrate, track, options: parsed.options };
  }

  const fragments = FRAGMENTS.exec(second);
  if (!fragments)
    throw badSyntax(`Expected Manifest(...) or Fragments(...) after ${first}/, got "${second}".`);
  const parsed = parseOptionList(fragments[1] ?? '', true);
  if (!parsed.selector) throw badSyntax('Fragments(...) must start with <track>=<time>.');
  if (parsed.positional.length > 0) {
    throw badSyntax(`Unexpected "${parsed.positional.join(',')}" in Fragments(...): options are key=value.`);
  }
  const format = parsed.format ?? DEFAULT_FORMAT;
  if (parsed.options.keyframes && !FORMATS[format].keyframePlaylists) {
    throw badSyntax(`type=keyframes fragments are served only with format=${KEYFRAME_FORMATS}.`);
  }
  const time = parseTime(parsed.selector.value, format);
  const tail = fragments[2]?.toLowerCase();
  if (tail !== undefined) {
    // .vtt: a text track's WebVTT (which track is text, the packager knows; the tail is only for clients).
    const traits = formatTraits(format);
    if (!traits.fragmentExtensions.includes(tail)) {
      const rule =
        traits.fragmentExtensions.length === 0 ? 'Smooth fragments have none' : traits.container === 'ts' ? 'MPEG-TS segments end in .ts' : 'fMP4 segments end in .m4s or .mp4';
      throw badSyntax(`A ${format} fragment cannot end in ".${tail}": ${rule}.`);
    }
  }
  return {
    kind: 'fragment',
    locator,
    ism,
    format,
    bitrate,
    track: parsed.selector.name,
    time,
    options: parsed.options,
  };
}

/** Parses the path of a request URL (a query string, if passed along, is ignored). */
export function parseOriginPath(pathname: string): OriginRequest {
  const raw = pathname.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) throw badSyntax('The path must start with "/".');
  if (raw === '/') throw notFound('Nothing is served at "/": streaming URLs start with /<locator id>/.');
  const segments = decodePath(raw).slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw badSyntax('The path has an empty, "." or ".." segment.');
  }
  const [head = '', ...rest] = segments;

  if (rest.length === 0) {
    const policy = POLICY_FILES.find((name) => name === head.toLowerCase());
    if (policy) return { kind: 'policy-file', name: policy };
    throw notFound(`Nothing is served at "/${head}": streaming URLs start with /<locator id>/.`);
  }
  if (!GUID.test(head)) {
    throw badSyntax(
      `"${head}" is not a streaming locator id: it must be a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.`,
    );
  }
  const locator = head.toLowerCase();
  const [name, ...below] = rest as [string, ...string[]];

  if (below.length === 0) {
    if (NEVER_DOWNLOADED.test(name)) {
      throw notFound(`"${name}" is a streaming manifest or Smooth file and is never served for download.`);
    }
    if (!DOWNLOADABLE.test(name))
      throw notFound(`"${name}" cannot be downloaded: only .mp4 and .m4a files can.`);
    // A single decoded segment: no separators, no control characters, so it stays inside the asset.
    return { kind: 'download', locator, file: name };
  }
  if (!/\.ism$/i.test(name))
    throw badSyntax(`Expected the server manifest <name>.ism after the locator, got "${name}".`);
  return parseStreaming(locator, name, below);
}
