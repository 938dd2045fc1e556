/**
 * Content-aware encoding (AMS's ContentAwareEncoding / H265ContentAwareEncoding, issue 14): a short
 * analysis of the title, then a per-title ladder on its measured rate–quality curve.
 *
 * Analysis: up to three sample windows (a twentieth of the title, 2–6 s) are cut once into a lossless
 * sample; the top, a middle and the lowest candidate height are encoded from it with the real encode's
 * rate control (x264 preset, capped VBR, 2 s closed GOPs) at the base ladder's bitrate for that height and
 * a third of it, all in one ffmpeg run, and every probe's PSNR (PSNR only: SSIM would triple the cost) is
 * measured against the sample at the top height (one run), so probes of different heights are comparable
 * as a viewer sees them.
 *
 * Ladder: per height, PSNR as a piecewise-linear function of log bitrate; their upper envelope (the convex
 * hull over heights) gives the best height for any bitrate. The top rung aims at the quality the fixed
 * AdaptiveStreaming ladder's top rung would reach on this title, never above a ceiling that depends on the
 * complexity setting (beyond it nobody sees a difference), at the cheapest height that reaches it. Lower
 * rungs follow at a fixed bitrate ratio, each at the best height for its bitrate, down to the minimum
 * bitrate or the layer limit. AMS's PresetConfigurations bound it all. An easy title gets few cheap rungs;
 * a hard one the bits it needs.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import type { MediaInfo } from '../media/media-info.ts';
import type { EncodePlan } from './encode-plan.ts';
import { fileUrl } from './ffmpeg-args.ts';
import { measureQuality } from './rung-quality.ts';
import type { Complexity, ContentAwareSettings, TransformDefinition, VideoRungDefinition } from './transform-definition.ts';

/**
 * Probe bitrates per height, as shares of the base ladder's bitrate for that height: the rate control of
 * the real encode is what sets quality (on a static picture, capped VBR spends a fraction of its target at a
 * quality a CRF probe would not predict), so probes use it, not CRF.
 */
const PROBE_SHARES = [1, 1 / 3] as const;
/** At most this many probed heights: the top, about half of it, the lowest. */
const MAX_PROBE_HEIGHTS = 3;
/** The quality ceiling of the top rung (PSNR dB) by complexity: beyond it nobody sees a difference. */
const MAX_TOP_PSNR: Record<Complexity, number> = { Speed: 48, Balanced: 49, Quality: 50 };
/** Bitrate ratio between neighbouring rungs: Speed makes fewer rungs. */
const RUNG_RATIO: Record<Complexity, number> = { Speed: 2.5, Balanced: 2.2, Quality: 1.8 };
/** Probe bitrates are x264's; the real encoder needs this share of them for the same quality. */
const CODEC_RATE_FACTOR = { h264: 1, h265: 0.6, av1: 0.55 } as const;

export const CONTENT_AWARE_DEFAULTS: Required<ContentAwareSettings> = {
  minBitrateKbps: 150,
  maxBitrateKbps: 8000,
  minHeight: 180,
  maxHeight: 2160,
  maxLayers: 6,
};

export interface ProbePoint {
  readonly height: number;
  /** The target bitrate the probe was encoded at. */
  readonly kbps: number;
  /** What the encoder spent. */
  readonly spentKbps: number;
  readonly psnr: number;
}

export interface ContentAwareLadder {
  readonly rungs: readonly VideoRungDefinition[];
  /** The quality aimed at for the top rung (dB) and why. */
  readonly targetPsnr: number;
  readonly points: readonly ProbePoint[];
  /** Lines for the job log: what was measured and why each rung is where it is. */
  readonly explanation: readonly string[];
  readonly analysisSec: number;
}

/** PSNR of one height at a bitrate: linear in log bitrate between probes (extended below), flat above the best probe. */
export function psnrAt(points: readonly ProbePoint[], kbps: number): number {
  const p = [...points].sort((x, y) => x.kbps - y.kbps);
  const last = p[p.length - 1];
  if (!last) return -Infinity;
  if (kbps >= last.kbps) return last.psnr;
  const i = Math.max(1, p.findIndex((x) => kbps <= x.kbps));
  const a = p[i - 1];
  const b = p[i];
  if (!a || !b || b.kbps === a.kbps) return (a ?? last).psnr;
  const t = (Math.log(kbps) - Math.log(a.kbps)) / (Math.log(b.kbps) - Math.log(a.kbps));
  return a.psnr + t * (b.psnr - a.psnr);
}

/** The bitrate at which one height reaches a PSNR, or Infinity when its best probe does not. */
export function kbpsFor(points: readonly ProbePoint[], psnr: number): number {
  const p = [...points].sort((a, b) => a.kbps - b.kbps);
  const last = p[p.length - 1];
  if (!last || psnr > last.psnr) return Infinity;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!;
    const b = p[i]!;
    if (psnr <= b.psnr) {
      const slope = (b.psnr - a.psnr) / (Math.log(b.kbps) - Math.log(a.kbps) || 1);
      return slope > 0 ? Math.exp(Math.log(a.kbps) + (psnr - a.psnr) / slope) : a.kbps;
    }
  }
  return last.kbps;
}

const roundTo10 = (x: number): number => Math.max(10, Math.round(x / 10) * 10);

/** The ladder from measured probes (pure: the planning half of content-aware encoding). */
export function chooseLadder(
  points: readonly ProbePoint[],
  reference: { readonly height: number; readonly kbps: number },
  settings: Required<ContentAwareSettings>,
  complexity: Complexity,
  codec: keyof typeof CODEC_RATE_FACTOR,
): Omit<ContentAwareLadder, 'points' | 'analysisSec'> {
  const factor = CODEC_RATE_FACTOR[codec];
  const scaled = points.map((p) => ({ ...p, kbps: p.kbps * factor, spentKbps: p.spentKbps * factor }));
  const heights = [...new Set(scaled.map((p) => p.height))].sort((a, b) => b - a);
  const of = (h: number): ProbePoint[] => scaled.filter((p) => p.height === h);
  const explanation: string[] = [];
  for (const h of heights) {
    const probes = of(h).sort((a, b) => b.kbps - a.kbps);
    explanation.push(`content-aware: ${h}p probes: ${probes.map((p) => `${Math.round(p.kbps)} kb/s (spent ${Math.round(p.spentKbps)}) → PSNR ${p.psnr.toFixed(2)} dB`).join('; ')}`);
  }

  const referencePsnr = psnrAt(of(reference.height), reference.kbps);
  const targetPsnr = Math.min(referencePsnr, MAX_TOP_PSNR[complexity]);
  explanation.push(
    `content-aware: AdaptiveStreaming's top rung (${reference.height}p, ${reference.kbps} kb/s) would reach ${referencePsnr.toFixed(2)} dB here; ` +
      `the top rung aims at ${targetPsnr.toFixed(2)} dB (ceiling ${MAX_TOP_PSNR[complexity]} dB for ${complexity}).`,
  );

  // Top rung: the cheapest height reaching the target; within the bitrate bounds.
  let top = heights.map((h) => ({ height: h, kbps: kbpsFor(of(h), targetPsnr) })).sort((a, b) => a.kbps - b.kbps || b.height - a.height)[0];
  if (!top || !Number.isFinite(top.kbps)) top = { height: heights[0] ?? reference.height, kbps: settings.maxBitrateKbps };
  const topKbps = Math.min(settings.maxBitrateKbps, Math.max(settings.minBitrateKbps, top.kbps));
  const rungs: VideoRungDefinition[] = [{ height: top.height, kbps: roundTo10(topKbps) }];
  explanation.push(`content-aware: rung 1: ${top.height}p at ${roundTo10(topKbps)} kb/s, the cheapest height reaching the target (predicted ${psnrAt(of(top.height), topKbps).toFixed(2)} dB).`);

  // Lower rungs: a fixed bitrate ratio, each at the best height for its bitrate (never taller than the one above).
  let kbps = topKbps / RUNG_RATIO[complexity];
  while (rungs.length < settings.maxLayers && kbps >= settings.minBitrateKbps) {
    const above = rungs[rungs.length - 1]!.height;
    const best = heights.filter((h) => h <= above).map((h) => ({ h, q: psnrAt(of(h), kbps) })).sort((a, b) => b.q - a.q)[0];
    if (!best) break;
    rungs.push({ height: best.h, kbps: roundTo10(kbps) });
    explanation.push(`content-aware: rung ${rungs.length}: ${best.h}p at ${roundTo10(kbps)} kb/s, the best height at that bitrate (predicted ${best.q.toFixed(2)} dB).`);
    kbps /= RUNG_RATIO[complexity];
  }
  explanation.push(
    `content-aware: ${rungs.length} rung(s), ${rungs.reduce((s, r) => s + r.kbps, 0)} kb/s in all; stopped at ${rungs.length >= settings.maxLayers ? `the ${settings.maxLayers}-layer limit` : `the ${settings.minBitrateKbps} kb/s minimum`}.`,
  );
  return { rungs, targetPsnr, explanation };
}

const X264_PRESET: Record<Complexity, string> = { Speed: 'veryfast', Balanced: 'medium', Quality: 'slow' };

/** The top, the candidate nearest half its height, and the lowest (all of them when there are few). */
export function pickProbeHeights(candidates: readonly number[]): number[] {
  const sorted = [...new Set(candidates)].sort((a, b) => b - a);
  if (sorted.length <= MAX_PROBE_HEIGHTS) return sorted;
  const top = sorted[0]!;
  const middle = sorted.slice(1, -1).sort((a, b) => Math.abs(a - top / 2) - Math.abs(b - top / 2))[0]!;
  return [top, middle, sorted[sorted.length - 1]!];
}

export interface AnalyzeOptions {
  readonly ffmpegPath: string;
  readonly input: string;
  readonly media: MediaInfo;
  readonly definition: TransformDefinition;
  /** A plan of the transform's base ladder (AdaptiveStreaming rule): its picture fixes and top rung. */
  readonly basePlan: EncodePlan;
  readonly signal?: AbortSignal;
}

/**
 * Sample windows: a twentieth of the title (2–6 s, one GOP at least), one window below 30 s, three above.
 * (A tenth measured the same ladders on the bench titles at twice the analysis cost.)
 */
export function sampleWindows(durationSec: number): { startSec: number; durationSec: number }[] {
  const total = Math.min(6, Math.max(2, durationSec * 0.05), durationSec);
  const n = durationSec >= 30 ? 3 : 1;
  const each = total / n;
  return Array.from({ length: n }, (_, i) => ({ startSec: Math.max(0, ((i + 0.5) / n) * durationSec - each / 2), durationSec: each }));
}

export async function analyzeContent(opts: AnalyzeOptions): Promise<ContentAwareLadder> {
  const started = Date.now();
  const video = opts.basePlan.video;
  const topRung = video?.rungs[0];
  if (!video || !topRung) throw new Error('content-aware analysis needs a video plan');
  const settings = { ...CONTENT_AWARE_DEFAULTS, ...opts.definition.contentAware };
  const candidates = [...new Set(video.rungs.map((r) => r.height))].filter((h) => h >= settings.minHeight && h <= settings.maxHeight);
  if (candidates.length === 0) candidates.push(topRung.height);
  const heights = pickProbeHeights(candidates);
  const sizeOf = (h: number): { width: number; height: number } => {
    const r = video.rungs.find((x) => x.height === h) ?? topRung;
    return { width: r.width, height: r.height };
  };
  const work = await mkdtemp(path.join(tmpdir(), 'origin-studio-cae-'));
  try {
    const windows = sampleWindows(opts.media.durationSec);
    const sample = path.join(work, 'sample.mkv');
    const inputs = windows.flatMap((w) => ['-ss', w.startSec.toFixed(3), '-t', w.durationSec.toFixed(3), '-i', fileUrl(opts.input)]);
    const concat = `${windows.map((_, i) => `[${i}:${video.sourceIndex}]${video.preFilters.join(',')},scale=${topRung.width}:${topRung.height}:flags=bicubic,setsar=1[w${i}]`).join(';')};${windows.map((_, i) => `[w${i}]`).join('')}concat=n=${windows.length}:v=1:a=0[v]`;
    await runFfmpeg({
      ffmpegPath: opts.ffmpegPath,
      ...(opts.signal && { signal: opts.signal }),
      args: ['-y', ...inputs, '-filter_complex', concat, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', fileUrl(sample)],
    });
    const baseKbps = (h: number): number => video.rungs.find((r) => r.height === h)?.kbps ?? topRung.kbps;
    // Every probe in one run: the sample is decoded and each height scaled once, split per bitrate share.
    const probes: { height: number; kbps: number; file: string }[] = [];
    const n = PROBE_SHARES.length;
    const graph =
      `[0:v]split=${heights.length}${heights.map((_, i) => `[s${i}]`).join('')};` +
      heights.map((h, i) => `[s${i}]scale=${sizeOf(h).width}:${h}:flags=bicubic,setsar=1,split=${n}${PROBE_SHARES.map((_, k) => `[p${i}_${k}]`).join('')}`).join(';');
    const outs = heights.flatMap((h, i) =>
      PROBE_SHARES.flatMap((share, k) => {
        const file = path.join(work, `probe_${k}_${h}.mp4`);
        const kbps = Math.max(settings.minBitrateKbps / 2, Math.round(baseKbps(h) * share));
        probes.push({ height: h, kbps, file });
        const gop = `${video.gopFrames}`;
        return [
          '-map', `[p${i}_${k}]`, '-c:v', 'libx264', '-preset', X264_PRESET[video.complexity],
          '-b:v', `${kbps}k`, '-maxrate', `${Math.round(kbps * 1.1)}k`, '-bufsize', `${kbps * 2}k`,
          '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-x264-params', 'open-gop=0', fileUrl(file),
        ];
      }),
    );
    await runFfmpeg({ ffmpegPath: opts.ffmpegPath, ...(opts.signal && { signal: opts.signal }), args: ['-y', '-i', fileUrl(sample), '-filter_complex', graph, ...outs] });
    const sampleSec = windows.reduce((s, w) => s + w.durationSec, 0);
    const quality = await measureQuality(
      opts.ffmpegPath,
      { source: sample, sourceIndex: 0, preFilters: [] },
      probes.map((p) => ({ file: p.file, ...sizeOf(p.height), compareAt: { width: topRung.width, height: topRung.height } })),
      { psnrOnly: true, ...(opts.signal && { signal: opts.signal }) },
    );
    const points: ProbePoint[] = [];
    for (const [i, p] of probes.entries()) {
      const bytes = (await stat(p.file)).size;
      points.push({ height: p.height, kbps: p.kbps, spentKbps: (bytes * 8) / 1000 / sampleSec, psnr: Math.min(99, quality[i]?.psnr ?? 0) });
    }
    const chosen = chooseLadder(points, { height: topRung.height, kbps: topRung.kbps }, settings, video.complexity, video.codec);
    const analysisSec = (Date.now() - started) / 1000;
    return {
      ...chosen,
      points,
      analysisSec,
      explanation: [
        `content-aware: analysed ${windows.length} window(s), ${sampleSec.toFixed(1)} s of ${opts.media.durationSec.toFixed(1)} s, ${heights.length} height(s) × ${PROBE_SHARES.length} bitrates in ${analysisSec.toFixed(1)} s`,
        ...chosen.explanation,
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
