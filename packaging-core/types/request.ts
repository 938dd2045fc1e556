import type { FilterDefinition } from './filter-definition.ts';
import type { Protocol, StreamingFormat } from './formats.ts';

/** Options that may appear inside `manifest(...)`, `Manifest(...)` and `Fragments(...)`. */
export interface UrlOptions {
  /** `filter=a;b` (and the `filtername=` alias), in order. */
  readonly filters: readonly string[];
  /** `audio-only=false` drops the audio-only variant of an HLS master. Default true. */
  readonly audioOnly: boolean;
  /** `audioTrack=` (any case): the audio track muxed into HLS v3. */
  readonly audioTrack?: string;
  /** `type=keyframes`: HLS I-frame playlist. */
  readonly keyframes: boolean;
  /** `encryption=`: cbc, cenc, cbcs, cbcs-aapl, piff. */
  readonly encryption?: string;
}

interface RequestBase {
  /** Locator id (GUID, lower-cased). */
  readonly locator: string;
  /** Server manifest file name, e.g. `movie.ism`. */
  readonly ism: string;
}

/** `/{LOC}/{NAME}.ism/manifest(...)` */
export interface ManifestRequest extends RequestBase {
  readonly kind: 'manifest';
  readonly format: StreamingFormat;
  readonly options: UrlOptions;
}

/** `/{LOC}/{NAME}.ism/QualityLevels(B)/Manifest(T,format=...)`: an HLS media playlist. */
export interface PlaylistRequest extends RequestBase {
  readonly kind: 'playlist';
  readonly format: StreamingFormat;
  readonly bitrate: number;
  readonly track: string;
  readonly options: UrlOptions;
}

/** `/{LOC}/{NAME}.ism/QualityLevels(B)/Fragments(T=t|i,format=...)`; Smooth has no format. */
export interface FragmentRequest extends RequestBase {
  readonly kind: 'fragment';
  readonly format: StreamingFormat;
  readonly bitrate: number;
  readonly track: string;
  /** Start time in 10 MHz ticks, or 'init' for `T=i`. */
  readonly time: number | 'init';
  readonly options: UrlOptions;
}

/** `/{LOC}/{file}.mp4`: progressive download of a file of the asset. */
export interface DownloadRequest {
  readonly kind: 'download';
  readonly locator: string;
  readonly file: string;
}

/** `/crossdomain.xml`, `/clientaccesspolicy.xml` at the host root. */
export interface PolicyFileRequest {
  readonly kind: 'policy-file';
  readonly name: 'crossdomain.xml' | 'clientaccesspolicy.xml';
}

export type OriginRequest =
  | ManifestRequest
  | PlaylistRequest
  | FragmentRequest
  | DownloadRequest
  | PolicyFileRequest;

/** What a locator id resolves to; injected by the studio (its catalog) or by tests. */
export interface ResolvedLocator {
  /** Absolute path of the asset folder. */
  readonly folder: string;
  /** Protocols the streaming policy enables (download included). */
  readonly protocols: ReadonlySet<Protocol>;
  /** Validity window; absent = open-ended. */
  readonly start?: Date;
  readonly end?: Date;
  /** Present when the streaming policy encrypts: schemes, key id, key access, key delivery policy. */
  readonly protection?: LocatorProtection;
  /** Named filters the asset can use (its own over account filters of the same name); null = unknown name. */
  readonly resolveFilter?: (name: string) => FilterDefinition | null | Promise<FilterDefinition | null>;
  /** Filters attached to the locator: applied to every request, before the URL's `filter=`. */
  readonly defaultFilters?: readonly string[];
}

/**
 * AMS's encryption schemes as URL `encryption=` names: `cbc` = AES-128 envelope (whole HLS
 * segments), `cenc` = Common Encryption AES-CTR, `cbcs` = Common Encryption AES-CBC 1:9 pattern.
 */
export type ProtectionScheme = 'cbc' | 'cenc' | 'cbcs';

/** Who may get the content key from the key delivery routes. */
export type KeyDeliveryPolicy =
  | { readonly kind: 'open' }
  | {
      readonly kind: 'token';
      readonly issuer: string;
      readonly audience: string;
      readonly algorithm: 'HS256' | 'RS256';
      /** HS256: the shared secret, base64; RS256: the PEM public key (SPKI) or certificate. */
      readonly verificationKey: string;
      /** Claims the token must carry; a value, when given, must match exactly. */
      readonly requiredClaims?: readonly { readonly type: string; readonly value?: string }[];
    };

/** A DRM system signalled besides ClearKey (pssh box and ContentProtection), only when configured. */
export interface DrmSystemSignal {
  /** System ID, UUID form. */
  readonly systemId: string;
  /** pssh data (base64), the system's own header. */
  readonly psshData?: string;
  /** DASH ContentProtection `value`, e.g. `MSPR 2.0`. */
  readonly value?: string;
}

export interface LocatorProtection {
  readonly schemes: ReadonlySet<ProtectionScheme>;
  /** Content key id, UUID form (lower case). */
  readonly keyId: string;
  /** The 16-byte content key. A function, so that logging the locator never prints the key. */
  readonly contentKey: () => Uint8Array;
  readonly keyPolicy: KeyDeliveryPolicy;
  readonly drmSystems?: readonly DrmSystemSignal[];
}

export type LocatorResolver = (
  locatorId: string,
) => ResolvedLocator | null | Promise<ResolvedLocator | null>;
