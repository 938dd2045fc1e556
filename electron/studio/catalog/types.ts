import type { Protocol } from '../../../packaging-core/index.ts';
import type { z } from 'zod';
import { encryptionSchemeSchema, type EncryptionScheme, type jobProgressSchema, type jobStateSchema } from '../api/contract.ts';
import type { MediaInfo } from '../media/media-info.ts';

/** Catalog entities as plain data (they cross IPC as is). Times are ISO-8601 UTC strings. */

export type AssetState = 'Pending' | 'Processing' | 'Finished' | 'Error';

/** Where an asset's files live: the library folder `assets/<id>`, or the blob container `asset-<id>`. */
export type AssetStorage = 'local' | 'blob';

export interface Asset {
  readonly id: string;
  readonly name: string;
  /** Relative to the library root (e.g. `assets/<id>`), so a library folder can be moved. */
  readonly folder: string;
  readonly sourceFile: string | null;
  readonly mediaInfo: MediaInfo | null;
  /** Server manifest file name inside the folder, e.g. `movie.ism`; null until encoded. */
  readonly ismName: string | null;
  readonly state: AssetState;
  readonly storage: AssetStorage;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Transform {
  readonly name: string;
  readonly description: string | null;
  /** Owned by the encoder (presets); the catalog stores it untouched. */
  readonly definition: unknown;
  readonly builtin: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A job's states and its progress as the runner reports it: owned by the contract's schemas (one list). */
export type JobState = z.infer<typeof jobStateSchema>;
export type JobProgress = Readonly<z.infer<typeof jobProgressSchema>>;

export interface JobError {
  /** The error's class name (e.g. `MediaError`) or `interrupted`. */
  readonly kind: string;
  /** A stable code when the error carries one. */
  readonly code?: string;
  readonly message: string;
  readonly retryable: boolean;
}

export interface Job {
  readonly id: string;
  readonly transformName: string;
  readonly inputAssetId: string | null;
  readonly inputFile: string | null;
  readonly outputAssetId: string | null;
  readonly state: JobState;
  readonly progress: JobProgress | null;
  readonly error: JobError | null;
  /** The last lines the runner logged (bounded). */
  readonly logTail: string;
  /** The job this one retries, if any. */
  readonly retryOf: string | null;
  /** The H.264 encoder chosen for the video (e.g. h264_nvenc); null = libx264, the software default. */
  readonly videoEncoder: string | null;
  /** Measure each rung's PSNR/SSIM after the encode; null = the default (on for content-aware transforms). */
  readonly measureQuality: boolean | null;
  /** The input's text track drawn into the picture (ffmpeg's subtitles filter); null = none. */
  readonly burnSubtitles: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

/** AMS's encryption scheme names, spelled once in the contract (encryptionSchemeSchema). */
export const ENCRYPTION_SCHEMES = encryptionSchemeSchema.options;
export type { EncryptionScheme };

export interface StreamingPolicy {
  readonly name: string;
  readonly protocols: readonly Protocol[];
  readonly encryptionScheme: EncryptionScheme;
  readonly builtin: boolean;
  readonly createdAt: string;
}

export interface StreamingLocator {
  /** GUID, lower case: the first segment of every streaming URL. */
  readonly id: string;
  readonly name: string;
  readonly assetId: string;
  readonly policyName: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly createdAt: string;
  /** Filter names applied to every request of the locator (asset filter over account filter). */
  readonly filters: readonly string[];
}

export interface IpAllowRule {
  readonly name: string;
  readonly address: string;
  readonly subnetPrefixLength?: number;
}

export interface EndpointSettings {
  readonly host: string;
  readonly port: number;
  /** Origins allowed by CORS; `*` = any. */
  readonly corsOrigins: readonly string[];
  /** Overrides the origin's default Cache-Control max-age; null = origin defaults. */
  readonly maxAgeSec: number | null;
  /** Empty = allow every client. */
  readonly ipAllow: readonly IpAllowRule[];
  /** Host name used in published URLs; null = host:port. */
  readonly hostName: string | null;
}

/** One video rung of an encoded asset: its bitrate as encoded and, when measured, its quality. */
export interface RungRecord {
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly targetKbps: number;
  /** Average video bitrate of the file as encoded (ffprobe); null when the file states none. */
  readonly measuredKbps: number | null;
  /** dB; null when not measured, or (with ssim set) when the rung is identical to the source (ffmpeg's inf). */
  readonly psnr: number | null;
  /** 0–1; null when not measured. */
  readonly ssim: number | null;
  /** 0–100; null when not measured or when ffmpeg has no libvmaf (AssetQuality.vmafNote). */
  readonly vmaf: number | null;
}

/** The rungs of an encoded asset, stored when its job finished (encoding.md: quality per rung). */
export interface AssetQuality {
  readonly assetId: string;
  /** PSNR/SSIM were measured (the job's option); the bitrates always are. */
  readonly measured: boolean;
  /** Why VMAF is missing (this ffmpeg has no libvmaf); null when VMAF was measured or nothing was. */
  readonly vmafNote: string | null;
  readonly rungs: readonly RungRecord[];
  readonly createdAt: string;
}
