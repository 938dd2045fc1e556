import {
  allowedSchemes,
  FORMATS,
  manifestPath,
  PRIMARY_FORMATS,
  type Protocol,
  type StreamingFormat,
  type StreamingProtocol,
} from '../../../packaging-core/index.ts';
import type { EncryptionScheme } from '../catalog/types.ts';
import { encryptionSchemeOf, schemesOf } from '../protection/content-keys.ts';

export type StreamingProtocolName = 'Hls' | 'Dash' | 'SmoothStreaming';

/** AMS's ListPaths names of what a protocol's paths are encrypted with (one scheme per protocol). */
export type PathEncryption = Exclude<EncryptionScheme, 'CommonEncryptionCencAndCbcs'>;

export interface StreamingPath {
  readonly protocol: StreamingProtocolName;
  readonly encryptionScheme: PathEncryption;
  readonly paths: readonly string[];
}

export interface LocatorPaths {
  readonly streamingPaths: readonly StreamingPath[];
  readonly downloadPaths: readonly string[];
}

export interface PathSource {
  /** Locator id (GUID). */
  readonly id: string;
  /** Protocols its policy enables. */
  readonly protocols: readonly Protocol[];
  /** Its policy's encryption; absent = clear. */
  readonly encryptionScheme?: EncryptionScheme;
}

export interface ListPathsInput {
  readonly locator: PathSource;
  /** The asset's server manifest; null = no streaming paths. */
  readonly ismName: string | null;
  /** The asset's files (download paths). */
  readonly files: readonly string[];
  /** The formats the asset's codecs go in (packaging-core's servableFormats); absent = all. Others would answer 415. */
  readonly formats?: readonly StreamingFormat[] | undefined;
  /** Filter names written into every streaming path as `filter=a;b`. */
  readonly filters?: readonly string[] | undefined;
}

const PROTOCOL_NAMES: Readonly<Record<StreamingProtocol, StreamingProtocolName>> = {
  hls: 'Hls',
  dash: 'Dash',
  smooth: 'SmoothStreaming',
};

// Files the origin never serves for download (streaming-formats.md §1.1).
const NOT_DOWNLOADABLE = /\.(ism|ismc|ismv|isma)$/i;

const seg = (s: string): string => encodeURIComponent(s);

/**
 * The named formats in ListPaths order: per protocol (in the table's order), the paths AMS listed come
 * first, in its order (Hls → m3u8-aapl, m3u8-cmaf; Dash → mpd-time-csf, mpd-time-cmaf;
 * SmoothStreaming → the bare manifest), then the ones it served without listing (m3u8-aapl-v3:
 * listing it lets a user find it).
 */
const LISTED_ORDER: readonly StreamingFormat[] = [...new Set(PRIMARY_FORMATS.map((f) => FORMATS[f].protocol))].flatMap((protocol) => {
  const inProtocol = PRIMARY_FORMATS.filter((f) => FORMATS[f].protocol === protocol);
  return [...inProtocol.filter((f) => FORMATS[f].listedByAms), ...inProtocol.filter((f) => !FORMATS[f].listedByAms)];
});

/**
 * AMS's ListPaths for a locator (streaming-formats.md §4), host-less. A format is listed when the
 * policy enables its protocol, the asset's codecs go in it, and the policy's encryption can serve it
 * (the format table's schemes, as the origin chooses them: HLS TS takes only the envelope, so a cbcs
 * policy lists HLS CMAF alone). Download paths (only when the policy allows download) name the
 * asset's files, without manifests and hidden files. Every path is written by packaging-core's URL
 * builder, like every URL inside the manifests.
 */
export function listPaths(input: ListPathsInput): LocatorPaths {
  const { locator, ismName, files, formats, filters = [] } = input;
  const policy = new Set(schemesOf(locator.encryptionScheme ?? 'NoEncryption'));
  const streamingPaths: { protocol: StreamingProtocolName; encryptionScheme: PathEncryption; paths: string[] }[] = [];
  if (ismName !== null) {
    for (const format of LISTED_ORDER) {
      const { protocol } = FORMATS[format];
      if (!locator.protocols.includes(protocol) || (formats !== undefined && !formats.includes(format))) continue;
      const scheme = policy.size === 0 ? null : allowedSchemes(format, policy)[0];
      // The origin would answer 403: the policy's encryption cannot serve this format.
      if (scheme === undefined) continue;
      const encryptionScheme = scheme === null ? 'NoEncryption' : encryptionSchemeOf(scheme);
      const name = PROTOCOL_NAMES[protocol];
      const path = manifestPath(locator.id, ismName, format, { filters });
      const group = streamingPaths.find((g) => g.protocol === name && g.encryptionScheme === encryptionScheme);
      if (group) group.paths.push(path);
      else streamingPaths.push({ protocol: name, encryptionScheme, paths: [path] });
    }
  }
  const downloadPaths = locator.protocols.includes('download')
    ? files
        .filter((f) => !NOT_DOWNLOADABLE.test(f) && !f.startsWith('.'))
        .toSorted()
        .map((f) => `/${seg(locator.id)}/${seg(f)}`)
    : [];
  return { streamingPaths, downloadPaths };
}
