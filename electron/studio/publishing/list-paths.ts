import type { Protocol } from '../../../packaging-core/types/formats.ts';

export type StreamingProtocolName = 'Hls' | 'Dash' | 'SmoothStreaming';

export interface StreamingPath {
  readonly protocol: StreamingProtocolName;
  readonly encryptionScheme: 'NoEncryption';
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
}

// Files the origin never serves for download (streaming-formats.md §1.1).
const NOT_DOWNLOADABLE = /\.(ism|ismc|ismv|isma)$/i;

const seg = (s: string): string => encodeURIComponent(s);

/**
 * AMS's ListPaths for a clear locator (streaming-formats.md §4), host-less. Per protocol the paths
 * AMS listed come first, in its order: Hls → m3u8-aapl, m3u8-cmaf; Dash → mpd-time-csf,
 * mpd-time-cmaf; SmoothStreaming → the bare manifest. We add m3u8-aapl-v3 as a third Hls path: AMS
 * served it without listing it, and listing it lets a user find it. Streaming paths need a server
 * manifest; download paths (only when the policy allows download) name the asset's files, without
 * manifests and hidden files.
 */
export function listPaths(locator: PathSource, ismName: string | null, files: readonly string[]): LocatorPaths {
  const base = `/${seg(locator.id)}/${ismName === null ? '' : seg(ismName)}`;
  const enabled = (p: Protocol): boolean => ismName !== null && locator.protocols.includes(p);
  const streamingPaths: StreamingPath[] = [];
  if (enabled('hls')) {
    streamingPaths.push({
      protocol: 'Hls',
      encryptionScheme: 'NoEncryption',
      paths: [
        `${base}/manifest(format=m3u8-aapl)`,
        `${base}/manifest(format=m3u8-cmaf)`,
        `${base}/manifest(format=m3u8-aapl-v3)`,
      ],
    });
  }
  if (enabled('dash')) {
    streamingPaths.push({
      protocol: 'Dash',
      encryptionScheme: 'NoEncryption',
      paths: [`${base}/manifest(format=mpd-time-csf)`, `${base}/manifest(format=mpd-time-cmaf)`],
    });
  }
  if (enabled('smooth')) {
    streamingPaths.push({ protocol: 'SmoothStreaming', encryptionScheme: 'NoEncryption', paths: [`${base}/manifest`] });
  }
  const downloadPaths = locator.protocols.includes('download')
    ? files
        .filter((f) => !NOT_DOWNLOADABLE.test(f) && !f.startsWith('.'))
        .toSorted()
        .map((f) => `/${seg(locator.id)}/${seg(f)}`)
    : [];
  return { streamingPaths, downloadPaths };
}
