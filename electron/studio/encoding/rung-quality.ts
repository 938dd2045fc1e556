/**
 * The quality of an encoded rung against its source (issue 14): PSNR and SSIM from ffmpeg's own `psnr`
 * and `ssim` filters, on the source run through the same picture fixes as the encode (constant rate,
 * rotation, tone-mapping) and scaled to the rung, so the numbers measure the encode and nothing else.
 * VMAF needs ffmpeg's libvmaf filter, which Debian's ffmpeg 5.1 lacks: it is measured only where the
 * build has it, and `vmaf` is null with the reason otherwise.
 */
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import { fileUrl } from './ffmpeg-args.ts';
import { type SourceWindow, windowChain, windowInputs } from './source-windows.ts';

export interface RungQuality {
  /** Average PSNR over all frames, dB (Y, U, V weighted as ffmpeg's `average`); Infinity for identical pictures. */
  readonly psnr: number;
  /** Average SSIM (ffmpeg's `All`), 0–1. */
  readonly ssim: number;
  /** VMAF (0–100) where ffmpeg has libvmaf; null otherwise. */
  readonly vmaf: number | null;
}

export interface QualityReference {
  readonly source: string;
  /** ffprobe index of the source's video stream. */
  readonly sourceIndex: number;
  /** The encode's picture fixes before scaling (fps, deinterlace, tone-map, 8-bit). */
  readonly preFilters: readonly string[];
  /** Only these parts of the source, one after the other (content-aware probes measure their sample windows). */
  readonly windows?: readonly SourceWindow[];
}

export const VMAF_UNAVAILABLE = "This ffmpeg has no libvmaf filter (Debian's 5.1 is built without it): VMAF is not measured.";

/** One rung to measure: its file and size. */
export interface QualityTarget {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /**
   * Compare at this size instead (the rung upscaled, the source scaled): numbers of rungs of different
   * heights are then comparable, as a viewer sees them on one screen (content-aware ladders need that).
   */
  readonly compareAt?: { readonly width: number; readonly height: number };
}

/**
 * ffmpeg's summary lines, by the instance names the graph gives its filters (`psnr@q0`, `ssim@q0`,
 * `libvmaf@q0`): `[psnr@q0 @ 0x…] PSNR y:… average:41.23 …`, `[ssim@q0 @ 0x…] SSIM Y:… All:0.9812 (17.2)`,
 * `[libvmaf@q0 @ 0x…] VMAF score: 93.1`.
 */
export function parseQualityLog(lines: readonly string[], count: number): { psnr: number | null; ssim: number | null; vmaf: number | null }[] {
  const out = Array.from({ length: count }, () => ({ psnr: null as number | null, ssim: null as number | null, vmaf: null as number | null }));
  for (const line of lines) {
    const who = /\[(psnr|ssim|libvmaf)@q(\d+) @/.exec(line);
    const slot = who?.[2] !== undefined ? out[Number(who[2])] : undefined;
    if (!slot) continue;
    const p = /PSNR .*average:(inf|[\d.]+)/.exec(line);
    if (p?.[1]) slot.psnr = p[1] === 'inf' ? Infinity : Number(p[1]);
    const s = /SSIM .*All:([\d.]+)/.exec(line);
    if (s?.[1]) slot.ssim = Number(s[1]);
    const v = /VMAF score[:=]\s*([\d.]+)/.exec(line);
    if (v?.[1]) slot.vmaf = Number(v[1]);
  }
  return out;
}

/**
 * One graph for every rung: the source (input 0, or inputs 0…k-1 for k windows) is decoded and fixed
 * once, split, scaled to each rung and compared with it (the following inputs) by named psnr/ssim (and
 * libvmaf) instances.
 */
export function qualityGraph(ref: QualityReference, targets: readonly QualityTarget[], vmaf: boolean, psnrOnly = false): string {
  const metrics = psnrOnly ? 1 : vmaf ? 3 : 2;
  const labels = (prefix: string): string => Array.from({ length: metrics }, (_, k) => `[${prefix}${k}]`).join('');
  const sources = Math.max(1, ref.windows?.length ?? 0);
  const parts = [`${windowChain(sources, ref.sourceIndex, ref.preFilters)},split=${targets.length}${targets.map((_, i) => `[s${i}]`).join('')}`];
  targets.forEach((t, i) => {
    const at = t.compareAt ?? { width: t.width, height: t.height };
    const up = t.compareAt ? `scale=${at.width}:${at.height}:flags=bicubic,` : '';
    parts.push(`[s${i}]scale=${at.width}:${at.height}:flags=bicubic,setsar=1,format=yuv420p,split=${metrics}${labels(`r${i}_`)}`);
    parts.push(`[${i + sources}:v:0]${up}setsar=1,format=yuv420p,split=${metrics}${labels(`d${i}_`)}`);
    parts.push(`[d${i}_0][r${i}_0]psnr@q${i}`);
    if (psnrOnly) return;
    parts.push(`[d${i}_1][r${i}_1]ssim@q${i}`);
    if (vmaf) parts.push(`[d${i}_2][r${i}_2]libvmaf@q${i}`);
  });
  return parts.join(';');
}

/**
 * PSNR/SSIM (and VMAF where ffmpeg has libvmaf) of every rung against the source, in one ffmpeg run;
 * `psnrOnly` skips SSIM (about three times PSNR's cost) where only PSNR is used.
 */
export async function measureQuality(
  ffmpegPath: string,
  ref: QualityReference,
  targets: readonly QualityTarget[],
  opts: { readonly libvmaf?: boolean; readonly signal?: AbortSignal; readonly psnrOnly?: boolean } = {},
): Promise<RungQuality[]> {
  if (targets.length === 0) return [];
  const lines: string[] = [];
  await runFfmpeg({
    ffmpegPath,
    ...(opts.signal && { signal: opts.signal }),
    // The summaries are info-level lines.
    args: [
      '-loglevel', 'level+info', ...windowInputs(ref.source, ref.windows),
      ...targets.flatMap((t) => ['-i', fileUrl(t.file)]),
      '-filter_complex', qualityGraph(ref, targets, opts.libvmaf === true, opts.psnrOnly === true), '-f', 'null', '-',
    ],
    onStderrLine: (l) => {
      if (/PSNR|SSIM|VMAF/.test(l)) lines.push(l);
    },
  });
  return parseQualityLog(lines, targets.length).map((q, i) => {
    if (q.psnr === null || (q.ssim === null && !opts.psnrOnly)) throw new Error(`ffmpeg printed no PSNR/SSIM for ${targets[i]?.file ?? 'a rung'}`);
    // psnrOnly (the content-aware probes, which rank by PSNR alone): SSIM is not measured, NaN.
    return { psnr: q.psnr, ssim: q.ssim ?? Number.NaN, vmaf: opts.libvmaf && !opts.psnrOnly ? q.vmaf : null };
  });
}
