/**
 * What the resolved ffmpeg can do on this machine (encoding.md §6): which encoders and filters are
 * compiled in, and which hardware H.264 encoders really work. Being listed only means "compiled in"
 * (Debian lists h264_nvenc on machines without NVIDIA), so each listed hardware encoder must pass a
 * 1 s trial encode before the encoder may choose it; libx264 stays the fallback.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FfmpegError } from './ffmpeg-error.ts';
import { runFfmpeg } from './ffmpeg-process.ts';
import type { ToolInfo } from './resolve-tools.ts';

export const HARDWARE_H264_ENCODERS = ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf'] as const;
export type HardwareH264Encoder = (typeof HARDWARE_H264_ENCODERS)[number];
/** The same vendors' HEVC encoders, offered for the H.265 presets the same way (issue 14). */
export const HARDWARE_HEVC_ENCODERS = ['hevc_nvenc', 'hevc_qsv', 'hevc_vaapi', 'hevc_videotoolbox', 'hevc_amf'] as const;
export type HardwareEncoder = HardwareH264Encoder | (typeof HARDWARE_HEVC_ENCODERS)[number];

export interface HardwareEncoderTrial {
  readonly encoder: HardwareEncoder;
  /** Compiled into this ffmpeg (`-encoders`). */
  readonly listed: boolean;
  /** The trial encode succeeded. */
  readonly usable: boolean;
  /** Why it cannot be used (ffmpeg's own error line), null when usable. */
  readonly reason: string | null;
}

export interface FfmpegCapabilities {
  readonly ffmpegPath: string;
  /** Every encoder name `-encoders` lists. */
  readonly encoders: readonly string[];
  readonly libx264: boolean;
  readonly hardware: readonly HardwareEncoderTrial[];
  /** Usable H.264 encoders, hardware first, libx264 last (the HEVC trials are in `hardware`). */
  readonly h264Encoders: readonly string[];
  readonly filters: { readonly libvmaf: boolean; readonly zscale: boolean };
}

const TRIAL_TIMEOUT_MS = 15_000;
const VAAPI_DEVICE = '/dev/dri/renderD128';

/**
 * Names from a `-encoders` or `-filters` listing: rows are a flags column then the name; the legend
 * above the `------` line (encoders) or the "Filters:" header are not rows.
 */
export function parseListing(stdout: string): string[] {
  const names: string[] = [];
  let body = !stdout.includes('------');
  for (const line of stdout.split(/\r?\n/)) {
    if (/^\s*-{4,}\s*$/.test(line)) {
      body = true;
      continue;
    }
    if (!body) continue;
    const m = /^\s*([A-Z.|]{2,8})\s+(\S+)\s/.exec(line);
    // Legend rows (`T.. = Timeline support`) have '=' where a name would be.
    if (m?.[2] != null && m[2] !== '=') names.push(m[2]);
  }
  return names;
}

function listing(ffmpegPath: string, what: '-encoders' | '-filters'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, ['-hide_banner', what], { timeout: 15_000, maxBuffer: 8 << 20, windowsHide: true }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}

/** The args of a 1 s, 256x144 trial encode with the vendor's required setup. */
export function trialArgs(encoder: HardwareEncoder): string[] {
  const source = ['-f', 'lavfi', '-i', 'testsrc2=s=256x144:r=30:d=1'];
  const sink = ['-c:v', encoder, '-f', 'null', '-'];
  if (encoder === 'h264_vaapi' || encoder === 'hevc_vaapi') {
    return ['-vaapi_device', VAAPI_DEVICE, ...source, '-vf', 'format=nv12,hwupload', ...sink];
  }
  return [...source, ...sink];
}

async function trial(ffmpegPath: string, encoder: HardwareEncoder, listed: boolean): Promise<HardwareEncoderTrial> {
  if (!listed) return { encoder, listed, usable: false, reason: 'not compiled into this ffmpeg' };
  if ((encoder === 'h264_vaapi' || encoder === 'hevc_vaapi') && process.platform === 'linux' && !existsSync(VAAPI_DEVICE)) {
    return { encoder, listed, usable: false, reason: `no VAAPI render device (${VAAPI_DEVICE})` };
  }
  try {
    const r = await runFfmpeg({ ffmpegPath, args: trialArgs(encoder), signal: AbortSignal.timeout(TRIAL_TIMEOUT_MS), killGraceMs: 1000 });
    if (r.canceled) return { encoder, listed, usable: false, reason: `trial encode did not finish in ${TRIAL_TIMEOUT_MS / 1000} s` };
    return { encoder, listed, usable: true, reason: null };
  } catch (err) {
    const firstError = err instanceof FfmpegError ? err.stderrTail.split(/\r?\n/).find((l) => /\[(error|fatal)\]/.test(l)) : undefined;
    const reason = (firstError ?? (err as Error).message).replace(/^(\[[^\]]*\]\s*)+/, '').trim();
    return { encoder, listed, usable: false, reason };
  }
}

const cache = new Map<string, Promise<FfmpegCapabilities>>();

async function detect(ffmpegPath: string): Promise<FfmpegCapabilities> {
  const [encoders, filters] = await Promise.all([
    listing(ffmpegPath, '-encoders').then(parseListing),
    listing(ffmpegPath, '-filters').then(parseListing),
  ]);
  const hardware = await Promise.all([...HARDWARE_H264_ENCODERS, ...HARDWARE_HEVC_ENCODERS].map((e) => trial(ffmpegPath, e, encoders.includes(e))));
  const libx264 = encoders.includes('libx264');
  return {
    ffmpegPath,
    encoders,
    libx264,
    hardware,
    h264Encoders: [...hardware.filter((h) => h.usable && h.encoder.startsWith('h264_')).map((h) => h.encoder), ...(libx264 ? ['libx264'] : [])],
    filters: { libvmaf: filters.includes('libvmaf'), zscale: filters.includes('zscale') },
  };
}

/**
 * Detects (once per ffmpeg binary and version; a driver update needs `refresh`) what the ffmpeg can do.
 */
export function detectCapabilities(ffmpeg: ToolInfo | string, opts: { refresh?: boolean } = {}): Promise<FfmpegCapabilities> {
  const ffmpegPath = typeof ffmpeg === 'string' ? ffmpeg : ffmpeg.path;
  const key = typeof ffmpeg === 'string' ? ffmpeg : `${ffmpeg.path}\0${ffmpeg.version}`;
  let p = opts.refresh ? undefined : cache.get(key);
  if (p == null) {
    p = detect(ffmpegPath);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
