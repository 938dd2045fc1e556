/**
 * The format table: every fact about a streaming format the origin, the studio and the UI need,
 * written once (streaming-formats.md §1–§2, §7). The packager, the URL grammar, protection, ListPaths,
 * the contract's format keys and the UI's labels read it; adding a format or a codec touches this
 * table (and its name in types/formats.ts) and the writer that makes its bytes, nothing else.
 *
 * Pure data, no Node: the renderer-shared contract imports this folder directly.
 */
import type { StreamingFormat } from '../types/formats.ts';
import type { CodecConfig } from '../types/media.ts';
import type { ProtectionScheme } from '../types/request.ts';
import type { InitFlavor, SegmentFlavor } from './fmp4-flavor.ts';

export type { InitFlavor, SegmentFlavor };
export type CodecId = CodecConfig['codec'];
export type StreamingProtocol = 'hls' | 'dash' | 'smooth';
export type Container = 'ts' | 'fmp4';

/** What one format's requests answer with (`Content-Type`). */
export interface FormatContentTypes {
  /** The top-level manifest (HLS master playlist, MPD, Smooth client manifest). */
  readonly manifest: string;
  /** HLS media playlists; null where the format has none. */
  readonly playlist: string | null;
  /** Init and media segments per media type (text: WebVTT in HLS, TTML in fMP4 in DASH and Smooth). */
  readonly segment: Readonly<Record<'video' | 'audio' | 'text', string>>;
}

export interface FormatTraits {
  readonly format: StreamingFormat;
  readonly protocol: StreamingProtocol;
  /**
   * AMS's `format=` value; null for the bare `manifest` (Smooth 2.2 has no format= key). `aliases`
   * are other spellings AMS accepted for the same format.
   */
  readonly amsKey: string | null;
  readonly aliases: readonly string[];
  /** The contract's and the UI's key for the format; null = served, but not offered in the UI. */
  readonly uiKey: string | null;
  /** Human name (errors, the player's tabs). */
  readonly name: string;
  /** Short name in lists ("Served as HLS v4, DASH CSF, …"). */
  readonly shortName: string;
  /** Whether AMS's ListPaths listed it (listed ones first; the others follow in their protocol). */
  readonly listedByAms: boolean;
  readonly container: Container;
  /** The fMP4 variant of its segments; null for MPEG-TS. */
  readonly flavor: SegmentFlavor | null;
  /** Its fMP4 init segment's flavor (`Fragments(T=i)`); null when the format has no init segment. */
  readonly initFlavor: InitFlavor | null;
  /**
   * HLS TS packs the .ism's `fragmentsPerHLSSegment` fragments into one segment; every other format
   * (CMAF included) has one fragment per segment.
   */
  readonly groupsFragments: boolean;
  /** HLS `#EXT-X-VERSION` of its playlists; null outside HLS. */
  readonly hlsVersion: number | null;
  /** One audio track muxed into every video segment (HLS v3): no audio renditions of its own. */
  readonly muxedAudio: boolean;
  /** HLS I-frame playlists (`type=keyframes`) and their I-frame variants in the master. */
  readonly keyframePlaylists: boolean;
  /** Encryption it can be served with, preferred first (URL `encryption=` picks among them). */
  readonly schemes: readonly ProtectionScheme[];
  /** Codecs it carries, as the origin packages them. */
  readonly codecs: readonly CodecId[];
  readonly contentTypes: FormatContentTypes;
  /**
   * How a text track is carried: `webvtt`, WebVTT segments cut on the media segments (HLS, RFC 8216
   * §3.5); `stpp`, IMSC1 TTML in fMP4 on the fragments (DASH, Smooth; fmp4/text-segment.ts).
   */
  readonly text: 'webvtt' | 'stpp';
  /**
   * Extensions a `Fragments(…)` name may end in: AMS wrote none; HLS playlists add the container's
   * (CONTAINER_EXTENSIONS) because ffmpeg reads HLS segments only by extension. `vtt`: a text track.
   */
  readonly fragmentExtensions: readonly string[];
}

/** The file extension of each container's init and media segments (what HLS playlists append). */
export const CONTAINER_EXTENSIONS: Readonly<Record<Container, { readonly init: string | null; readonly media: string }>> = {
  ts: { init: null, media: 'ts' },
  fmp4: { init: 'mp4', media: 'm4s' },
};

// HLS TS carries what MPEG-TS players take in PES (H.264, HEVC, AAC, AC-3, E-AC-3); the fMP4 formats
// carry every codec the origin packages; Smooth carries H.264, HEVC (AMS served it: MS-SSTR's HEVC
// amendment), AAC and AC-3/E-AC-3 (WAVE_FORMAT_EXTENSIBLE CodecPrivateData, manifest/mss/
// quality-level-codec.ts). AV1 and Opus are fMP4-only: no HLS TS mapping players take, no Smooth FourCC.
const TS_CODECS: readonly CodecId[] = ['avc1', 'mp4a', 'hvc1', 'hev1', 'ac-3', 'ec-3'];
const FMP4_CODECS: readonly CodecId[] = ['avc1', 'mp4a', 'hvc1', 'hev1', 'av01', 'ac-3', 'ec-3', 'Opus'];
const SMOOTH_CODECS: readonly CodecId[] = ['avc1', 'mp4a', 'hvc1', 'hev1', 'ac-3', 'ec-3'];

const WEBVTT = 'text/vtt; charset=utf-8';
const M3U8 = 'application/vnd.apple.mpegurl';
const TS_TYPES: FormatContentTypes = { manifest: M3U8, playlist: M3U8, segment: { video: 'video/MP2T', audio: 'video/MP2T', text: WEBVTT } };
const FMP4_EXTENSIONS = ['m4s', 'mp4', 'vtt'];
// DASH and Smooth text is fMP4 too: no `.vtt` names there.
const STPP_EXTENSIONS = ['m4s', 'mp4'];
const FMP4_SEGMENTS = { video: 'video/mp4', audio: 'audio/mp4', text: WEBVTT } as const;
const STPP_SEGMENTS = { video: 'video/mp4', audio: 'audio/mp4', text: 'application/mp4' } as const;

/** What DASH CSF and DASH CMAF share: the rows differ in their keys, names and fMP4 flavor. */
const DASH = {
  protocol: 'dash',
  aliases: [],
  listedByAms: true,
  container: 'fmp4',
  groupsFragments: false,
  hlsVersion: null,
  muxedAudio: false,
  keyframePlaylists: false,
  schemes: ['cenc', 'cbcs'],
  codecs: FMP4_CODECS,
  text: 'stpp',
  contentTypes: { manifest: 'application/dash+xml', playlist: null, segment: STPP_SEGMENTS },
  fragmentExtensions: STPP_EXTENSIONS,
} as const;

/**
 * What Smooth 2.2 (the bare `manifest`) and Smooth 2.0 (`format=fmp4-v20`) share: the same fragments,
 * protection and codecs; the rows add only their keys and names.
 */
const SMOOTH = {
  protocol: 'smooth',
  aliases: [],
  container: 'fmp4',
  flavor: 'smooth',
  initFlavor: null,
  groupsFragments: false,
  hlsVersion: null,
  muxedAudio: false,
  keyframePlaylists: false,
  // PIFF boxes carry the cenc sample encryption.
  schemes: ['cenc'],
  codecs: SMOOTH_CODECS,
  text: 'stpp',
  contentTypes: { manifest: 'application/vnd.ms-sstr+xml', playlist: null, segment: STPP_SEGMENTS },
  // AMS's Smooth fragment URLs end at `)`: no extension, in either version.
  fragmentExtensions: [],
} as const;

/** The table, in the order the UI lists the formats. */
export const FORMATS = {
  'm3u8-aapl': {
    format: 'm3u8-aapl',
    protocol: 'hls',
    amsKey: 'm3u8-aapl',
    aliases: ['m3u8-aapl-v4'],
    uiKey: 'hls-v4',
    name: 'HLS v4 (TS)',
    shortName: 'HLS v4',
    listedByAms: true,
    container: 'ts',
    flavor: null,
    initFlavor: null,
    groupsFragments: true,
    hlsVersion: 4,
    muxedAudio: false,
    keyframePlaylists: true,
    // SAMPLE-AES on TS (`cbcs-aapl`) plays nowhere but Safari: TS gets the AES-128 envelope only.
    schemes: ['cbc'],
    codecs: TS_CODECS,
    text: 'webvtt',
    contentTypes: TS_TYPES,
    fragmentExtensions: ['ts', 'vtt'],
  },
  'm3u8-aapl-v3': {
    format: 'm3u8-aapl-v3',
    protocol: 'hls',
    amsKey: 'm3u8-aapl-v3',
    aliases: [],
    uiKey: 'hls-v3',
    name: 'HLS v3 (TS)',
    shortName: 'HLS v3',
    // AMS served it without listing it; we list it after the others so a user finds it.
    listedByAms: false,
    container: 'ts',
    flavor: null,
    initFlavor: null,
    groupsFragments: true,
    hlsVersion: 3,
    muxedAudio: true,
    keyframePlaylists: false,
    schemes: ['cbc'],
    codecs: TS_CODECS,
    text: 'webvtt',
    contentTypes: TS_TYPES,
    fragmentExtensions: ['ts', 'vtt'],
  },
  'm3u8-cmaf': {
    format: 'm3u8-cmaf',
    protocol: 'hls',
    amsKey: 'm3u8-cmaf',
    aliases: [],
    uiKey: 'hls-cmaf',
    name: 'HLS CMAF',
    shortName: 'HLS CMAF',
    listedByAms: true,
    container: 'fmp4',
    flavor: 'hls-cmaf',
    initFlavor: 'hls-cmaf',
    groupsFragments: false,
    hlsVersion: 7,
    muxedAudio: false,
    keyframePlaylists: false,
    // cbcs first: with a multi-DRM policy the CMAF flavour of HLS is the common-encryption one.
    schemes: ['cbcs', 'cbc'],
    codecs: FMP4_CODECS,
    text: 'webvtt',
    contentTypes: { manifest: M3U8, playlist: M3U8, segment: FMP4_SEGMENTS },
    fragmentExtensions: FMP4_EXTENSIONS,
  },
  'mpd-time-csf': {
    ...DASH,
    format: 'mpd-time-csf',
    amsKey: 'mpd-time-csf',
    uiKey: 'dash-csf',
    name: 'DASH CSF',
    shortName: 'DASH CSF',
    flavor: 'csf',
    initFlavor: 'csf',
  },
  'mpd-time-cmaf': {
    ...DASH,
    format: 'mpd-time-cmaf',
    amsKey: 'mpd-time-cmaf',
    uiKey: 'dash-cmaf',
    name: 'DASH CMAF',
    shortName: 'DASH CMAF',
    flavor: 'cmaf',
    initFlavor: 'cmaf',
  },
  smooth: {
    ...SMOOTH,
    format: 'smooth',
    amsKey: null,
    uiKey: 'smooth',
    name: 'Smooth Streaming',
    shortName: 'Smooth',
    listedByAms: true,
  },
  // Smooth 2.0 differs from Smooth 2.2 only in its client manifest (no `r`, one `c` per fragment).
  'fmp4-v20': {
    ...SMOOTH,
    format: 'fmp4-v20',
    amsKey: 'fmp4-v20',
    uiKey: null,
    name: 'Smooth Streaming 2.0',
    shortName: 'Smooth 2.0',
    listedByAms: false,
  },
} as const satisfies { readonly [F in StreamingFormat]: FormatTraits & { readonly format: F } };

export function formatTraits(format: StreamingFormat): FormatTraits {
  return FORMATS[format];
}

/** Every format the origin serves, in table order. */
export const ALL_FORMATS = Object.keys(FORMATS) as StreamingFormat[];

/** The formats of one protocol (e.g. the HLS writers' `FormatOf<'hls'>`). */
export type FormatOf<P extends StreamingProtocol> = { [F in StreamingFormat]: (typeof FORMATS)[F]['protocol'] extends P ? F : never }[StreamingFormat];

/** The UI's key of a format (the contract's `FormatKey`). */
export type FormatKey = NonNullable<(typeof FORMATS)[StreamingFormat]['uiKey']>;

/** A format the product names (one with a UI key). */
export type PrimaryFormat = { [F in StreamingFormat]: (typeof FORMATS)[F]['uiKey'] extends null ? never : F }[StreamingFormat];

/** The formats the product names, in the order the UI lists them. */
export const PRIMARY_FORMATS = ALL_FORMATS.filter((f): f is PrimaryFormat => FORMATS[f].uiKey !== null);

/** The named formats as the UI shows them: its key, the AMS format, its names and protocol. */
export interface UiFormat {
  readonly key: FormatKey;
  readonly format: PrimaryFormat;
  readonly name: string;
  readonly shortName: string;
  readonly protocol: StreamingProtocol;
  /** The manifest's MIME type (players that cannot sniff an extension-less AMS URL are told it). */
  readonly manifestType: string;
}

export const UI_FORMATS: readonly UiFormat[] = PRIMARY_FORMATS.map((format) => {
  const t = FORMATS[format];
  return { key: t.uiKey, format, name: t.name, shortName: t.shortName, protocol: t.protocol, manifestType: t.contentTypes.manifest };
});

export function formatOfKey(key: FormatKey): PrimaryFormat {
  return UI_FORMATS.find((f) => f.key === key)!.format;
}

export function isHls(format: StreamingFormat): format is FormatOf<'hls'> {
  return FORMATS[format].protocol === 'hls';
}

/** The `format=` values that name formats with a trait, for messages ("give format=a, b or c"). */
export function amsKeysWhere(has: (traits: FormatTraits) => boolean): string {
  const keys = ALL_FORMATS.filter((f) => has(FORMATS[f])).flatMap((f) => FORMATS[f].amsKey ?? []);
  return keys.length > 1 ? `${keys.slice(0, -1).join(', ')} or ${keys.at(-1)}` : (keys[0] ?? '');
}

/**
 * Fragments per segment of a format, for a presentation with the .ism's `fragmentsPerHLSSegment`:
 * HLS TS groups them (an I-frame playlist, `type=keyframes`, addresses one fragment each), every
 * other format has one fragment per segment.
 */
export function fragmentsPerSegment(format: StreamingFormat, fragmentsPerHlsSegment: number, keyframes = false): number {
  return FORMATS[format].groupsFragments && !keyframes ? fragmentsPerHlsSegment : 1;
}

/** The `Content-Type` of a segment of this format for a track of the given kind. */
export function segmentContentType(format: StreamingFormat, kind: 'video' | 'audio' | 'text'): string {
  return FORMATS[format].contentTypes.segment[kind];
}

/** The schemes a policy's encryption allows for a format, preferred first (empty: it cannot be served). */
export function allowedSchemes(format: StreamingFormat, policy: ReadonlySet<ProtectionScheme>): ProtectionScheme[] {
  return FORMATS[format].schemes.filter((s) => policy.has(s));
}

/** URL `encryption=` values: every scheme and the names AMS also accepted for them. */
export const URL_ENCRYPTIONS: Readonly<Record<string, ProtectionScheme>> = {
  cbc: 'cbc',
  cenc: 'cenc',
  cbcs: 'cbcs',
  'cbcs-aapl': 'cbcs',
  piff: 'cenc',
};

/** `format=` values (AMS keys and their aliases) → format. */
export const FORMAT_OF_AMS_KEY: Readonly<Record<string, StreamingFormat>> = Object.fromEntries(
  ALL_FORMATS.flatMap((f) => {
    const t = FORMATS[f];
    return t.amsKey === null ? [] : [t.amsKey, ...t.aliases].map((k) => [k, f]);
  }),
);

/** The format of the bare `manifest` (no `format=`): Smooth 2.2. */
export const DEFAULT_FORMAT: StreamingFormat = ALL_FORMATS.find((f) => FORMATS[f].amsKey === null)!;

export function carries(format: StreamingFormat, codec: CodecId): boolean {
  return FORMATS[format].codecs.includes(codec);
}

/** The formats that carry a codec, in table order. */
export function formatsCarrying(codec: CodecId): StreamingFormat[] {
  return ALL_FORMATS.filter((f) => carries(f, codec));
}

/**
 * The primary formats an asset is served in (what ListPaths and the UI offer): every video codec must
 * go in the format; audio the format cannot carry is left out of it, so one carried audio track is enough.
 */
export function servableFormats(video: readonly CodecId[], audio: readonly CodecId[] = []): PrimaryFormat[] {
  return PRIMARY_FORMATS.filter((f) => video.every((c) => carries(f, c)) && (audio.length === 0 || audio.some((c) => carries(f, c))));
}
