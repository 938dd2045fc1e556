/**
 * Content-aware encoding (AMS's ContentAwareEncoding / H265ContentAwareEncoding, issue 14): a short
 * analysis of the title, then a per-title ladder on its measured rate–quality curve.
 *
 * Analysis, sized to what the title needs: up to three sample windows (a twentieth of the title, 2–6 s,
 * each moved back to the keyframe before it so that seeking decodes nothing in vain) are encoded with
 * the real encode's rate control (x264 preset, capped VBR, 2 s closed GOPs) at the base ladder's bitrate
 * for a height and a third of it, and every probe's PSNR (PSNR only: SSIM would triple the cost) is
 * measured against the same windows at the top height, so probes of different heights are comparable as a
 * viewer sees them. Each step probes only what can still change the ladder: first the top height at the
 * reference rate (one encode run, one PSNR run); a third of that rate only when the first probe beats the
 * quality ceiling or leaves bits unused; a middle and the lowest candidate height only when the top
 * height's curve gives a ladder with rungs below the top, whose heights they decide. An easy title whose
 * ladder is one rung thus pays for one probe, not six (the fixed cost would otherwise outweigh its cheap
 * encode), a hard one for all of them, so the analysis scales with the encode it plans.
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
import { snapToKeyframes, type SourceWindow, windowChain, windowInputs } from './source-windows.ts';
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
  readonly ffprobePath: string;
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
export function sampleWindows(durationSec: number): SourceWindow[] {
  const total = Math.min(6, Math.max(2, durationSec * 0.05), durationSec);
  const n = durationSec >= 30 ? 3 : 1;
  const each = total / n;
  return Array.from({ length: n }, (_, i) => ({ startSec: Math.max(0, ((i + 0.5) / n) * durationSec - each / 2), durationSec: each }));
}

/** The top height's probe at the reference rate left this share of its budget unused or more: its curve may be flat below. */
const UNDERSPENT = 0.2;

/**
 * Whether the top height needs its second probe (a third of the reference rate) after the first at the
 * reference rate: when the first beats the quality ceiling (the top rung is cheaper: where does the curve
 * cross the ceiling?) or left a fifth of its budget unused (capped VBR had bits it could not use: the
 * curve may be flat, and a cheaper top rung as good). Otherwise the top rung is the reference rate, which
 * the title needs all of to reach the reference's quality, and a lower probe could not move it.
 */
export function needsSecondTopProbe(first: ProbePoint, complexity: Complexity): boolean {
  return first.psnr > MAX_TOP_PSNR[complexity] || first.spentKbps < first.kbps * (1 - UNDERSPENT);
}

/**
 * Whether the heights below the top are worth probing: only when the ladder the top height's curve gives
 * has rungs below the top (their heights are what lower probes decide). A title whose ladder is one rung
 * (so easy that a rung below would fall under the minimum bitrate) keeps its top rung at full height, and
 * probing other heights would cost several times the probes that decided it.
 */
export function needsLowerHeights(topOnly: Omit<ContentAwareLadder, 'points' | 'analysisSec'>, heightsLeft: number): boolean {
  return heightsLeft > 0 && topOnly.rungs.length > 1;
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
  const baseKbps = (h: number): number => video.rungs.find((r) => r.height === h)?.kbps ?? topRung.kbps;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const planned = sampleWindows(opts.media.durationSec);
  const windows = await snapToKeyframes(opts.ffprobePath, opts.input, video.sourceIndex, planned, opts.media.durationSec / planned.length, opts.signal);
  const sampleSec = windows.reduce((s, w) => s + w.durationSec, 0);
  const work = await mkdtemp(path.join(tmpdir(), 'origin-studio-cae-'));

  /**
   * Probes (a height, a share of its base bitrate): one ffmpeg run decodes the windows once (no
   * intermediate sample file: writing and re-reading a lossless one cost more than decoding the source
   * twice), scales once per height and encodes each probe; a second run measures every probe's PSNR
   * against the same windows at the top height.
   */
  const probe = async (wanted: readonly { height: number; share: number }[]): Promise<ProbePoint[]> => {
    const hs = [...new Set(wanted.map((w) => w.height))];
    const probes: { height: number; kbps: number; file: string }[] = [];
    const graph =
      `${windowChain(windows.length, video.sourceIndex, video.preFilters)},split=${hs.length}${hs.map((_, i) => `[s${i}]`).join('')};` +
      hs
        .map((h, i) => {
          const n = wanted.filter((w) => w.height === h).length;
          return `[s${i}]scale=${sizeOf(h).width}:${h}:flags=bicubic,setsar=1,split=${n}${Array.from({ length: n }, (_, k) => `[p${i}_${k}]`).join('')}`;
        })
        .join(';');
    const outs = hs.flatMap((h, i) =>
      wanted
        .filter((w) => w.height === h)
        .flatMap(({ share }, k) => {
          const file = path.join(work, `probe_${h}_${Math.round(share * 100)}.mp4`);
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
    await runFfmpeg({ ffmpegPath: opts.ffmpegPath, ...signal, args: ['-y', ...windowInputs(opts.input, windows), '-filter_complex', graph, ...outs] });
    const quality = await measureQuality(
      opts.ffmpegPath,
      { source: opts.input, sourceIndex: video.sourceIndex, preFilters: video.preFilters, windows },
      probes.map((p) => ({ file: p.file, ...sizeOf(p.height), compareAt: { width: topRung.width, height: topRung.height } })),
      { psnrOnly: true, ...signal },
    );
    const points: ProbePoint[] = [];
    for (const [i, p] of probes.entries()) {
      const bytes = (await stat(p.file)).size;
      points.push({ height: p.height, kbps: p.kbps, spentKbps: (bytes * 8) / 1000 / sampleSec, psnr: Math.min(99, quality[i]?.psnr ?? 0) });
    }
    return points;
  };

  try {
    const reference = { height: topRung.height, kbps: topRung.kbps };
    const [top, ...lower] = heights as [number, ...number[]];
    const [full, third] = PROBE_SHARES;
    // Each step probes only what can still change the ladder (see needsSecondTopProbe, needsLowerHeights).
    const steps: string[] = [];
    let points = await probe([{ height: top, share: full }]);
    steps.push(`${top}p at the reference rate`);
    if (needsSecondTopProbe(points[0]!, video.complexity)) {
      points = [...points, ...(await probe([{ height: top, share: third }]))];
      steps.push(`${top}p at a third of it (the first probe ${points[0]!.psnr > MAX_TOP_PSNR[video.complexity] ? 'beat the quality ceiling' : 'left bits unused'})`);
    }
    let chosen = chooseLadder(points, reference, settings, video.complexity, video.codec);
    if (needsLowerHeights(chosen, lower.length)) {
      const more = [...(points.length < 2 ? [{ height: top, share: third }] : []), ...lower.flatMap((height) => PROBE_SHARES.map((share) => ({ height, share })))];
      points = [...points, ...(await probe(more))];
      chosen = chooseLadder(points, reference, settings, video.complexity, video.codec);
      steps.push(`then ${more.length} more for the lower rungs (${lower.map((h) => `${h}p`).join(', ')})`);
    } else if (lower.length > 0) {
      steps.push(`${lower.map((h) => `${h}p`).join(', ')} not probed: the top height gives a one-rung ladder, so no lower rung needs a height`);
    }
    const why = `${points.length} probe(s): ${steps.join('; ')}`;
    const analysisSec = (Date.now() - started) / 1000;
    const moved = windows.filter((w, i) => w.startSec !== planned[i]?.startSec).length;
    return {
      ...chosen,
      points,
      analysisSec,
      explanation: [
        `content-aware: analysed ${windows.length} window(s) (${moved} moved back to a keyframe), ${sampleSec.toFixed(1)} s of ${opts.media.durationSec.toFixed(1)} s, ${why} in ${analysisSec.toFixed(1)} s`,
        ...chosen.explanation,
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
