import { manifestPath, type Protocol, type StreamingFormat } from '../../../packaging-core/index.ts';
import type { EncryptionScheme } from '../catalog/types.ts';

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

type HlsFlavour = Extract<StreamingFormat, 'm3u8-aapl' | 'm3u8-cmaf' | 'm3u8-aapl-v3'>;

/**
 * What each protocol can serve under a policy's encryption, as the origin encrypts
 * (packaging-core/protection/choose-scheme.ts): HLS TS carries only the AES-128 envelope, HLS CMAF the
 * envelope or cbcs, DASH cenc or cbcs, Smooth cenc. A protocol absent here is not listed (it would 403).
 */
const SERVABLE: Readonly<
  Record<EncryptionScheme, { hls?: [PathEncryption, HlsFlavour[]]; dash?: PathEncryption; smooth?: PathEncryption }>
> = {
  NoEncryption: { hls: ['NoEncryption', ['m3u8-aapl', 'm3u8-cmaf', 'm3u8-aapl-v3']], dash: 'NoEncryption', smooth: 'NoEncryption' },
  EnvelopeEncryption: { hls: ['EnvelopeEncryption', ['m3u8-aapl', 'm3u8-cmaf', 'm3u8-aapl-v3']] },
  CommonEncryptionCenc: { dash: 'CommonEncryptionCenc', smooth: 'CommonEncryptionCenc' },
  CommonEncryptionCbcs: { hls: ['CommonEncryptionCbcs', ['m3u8-cmaf']], dash: 'CommonEncryptionCbcs' },
  CommonEncryptionCencAndCbcs: {
    hls: ['CommonEncryptionCbcs', ['m3u8-cmaf']],
    dash: 'CommonEncryptionCenc',
    smooth: 'CommonEncryptionCenc',
  },
};

// Files the origin never serves for download (streaming-formats.md §1.1).
const NOT_DOWNLOADABLE = /\.(ism|ismc|ismv|isma)$/i;

const seg = (s: string): string => encodeURIComponent(s);

/**
 * AMS's ListPaths for a clear locator (streaming-formats.md §4), host-less. Per protocol the paths
 * AMS listed come first, in its order: Hls → m3u8-aapl, m3u8-cmaf; Dash → mpd-time-csf,
 * mpd-time-cmaf; SmoothStreaming → the bare manifest. We add m3u8-aapl-v3 as a third Hls path: AMS
 * served it without listing it, and listing it lets a user find it. Streaming paths need a server
 * manifest; download paths (only when the policy allows download) name the asset's files, without
 * manifests and hidden files. `filters` (names) go into every streaming path as `filter=a;b`, written
 * by packaging-core's URL builder like every URL inside the manifests.
 */
export function listPaths(
  locator: PathSource,
  ismName: string | null,
  files: readonly string[],
  /** The formats the asset's codecs go in (types/codec-formats.ts); absent = all. Others would answer 415. */
  formats?: readonly StreamingFormat[],
  filters: readonly string[] = [],
): LocatorPaths {
  const path = (format: StreamingFormat): string => manifestPath(locator.id, ismName ?? '', format, { filters });
  const served = (f: StreamingFormat): boolean => formats === undefined || formats.includes(f);
  const enabled = (p: Protocol): boolean => ismName !== null && locator.protocols.includes(p);
  const servable = SERVABLE[locator.encryptionScheme ?? 'NoEncryption'];
  const streamingPaths: StreamingPath[] = [];
  if (enabled('hls') && servable.hls) {
    const [encryptionScheme, flavours] = servable.hls;
    const paths = flavours.filter(served).map(path);
    if (paths.length > 0) streamingPaths.push({ protocol: 'Hls', encryptionScheme, paths });
  }
  const dash = (['mpd-time-csf', 'mpd-time-cmaf'] as const).filter(served);
  if (enabled('dash') && servable.dash && dash.length > 0) {
    streamingPaths.push({
      protocol: 'Dash',
      encryptionScheme: servable.dash,
      paths: dash.map(path),
    });
  }
  if (enabled('smooth') && servable.smooth && served('smooth')) {
    streamingPaths.push({ protocol: 'SmoothStreaming', encryptionScheme: servable.smooth, paths: [path('smooth')] });
  }
  const downloadPaths = locator.protocols.includes('download')
    ? files
        .filter((f) => !NOT_DOWNLOADABLE.test(f) && !f.startsWith('.'))
        .toSorted()
        .map((f) => `/${seg(locator.id)}/${seg(f)}`)
    : [];
  return { streamingPaths, downloadPaths };
}
