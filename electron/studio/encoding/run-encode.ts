/**
 * Runs one transform on one source: plan, one ffmpeg process, the success check, the manifests and
 * the pictures, all in a temp folder inside the output folder that is moved into place only when
 * everything passed. A cancel or a failure at any point leaves nothing behind (encoding.md §3.3).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaError, openPresentation, type Presentation, writeIsm, writeIsmc } from '../../../packaging-core/index.ts';
import { detectCapabilities, type FfmpegCapabilities } from '../media/capabilities.ts';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { resolveFfmpeg, resolveFfprobe } from '../media/resolve-tools.ts';
import { ismcName, ismDocument, ismName } from './asset-manifest.ts';
import { checkAudioDecodes } from './audio-decode-check.ts';
import { analyzeContent } from './content-aware.ts';
import { assertFreeSpace } from './disk-space.ts';
import { EncodeCanceledError, EncodeError } from './encode-error.ts';
import type { EncodePlan, EncoderCapabilities } from './encode-plan.ts';
import { buildEncodeArgs } from './ffmpeg-args.ts';
import { burnInFilter } from './burn-in.ts';
import { planLadder } from './ladder.ts';
import { checkOutputs } from './output-checks.ts';
import { measureQuality, type RungQuality, VMAF_UNAVAILABLE } from './rung-quality.ts';
import { stripHdrMetadata } from './strip-hdr-metadata.ts';
import type { ProbedOutput } from './probe-output.ts';
import { probeOutput } from './probe-output.ts';
import type { ThumbnailFiles } from './thumbnails.ts';
import { writeThumbnails } from './thumbnails.ts';
import type { TransformDefinition } from './transform-definition.ts';
import { WeightedProgress } from './weighted-progress.ts';
import { describeOutput, describePlan, shellQuote, studioLine } from './encode-log.ts';
import { codecOfEncoder, SOFTWARE_ENCODERS, VIDEO_CODEC_LABELS, type VideoEncoderName } from './video-encoder-names.ts';

export type EncodeStep = 'encoding' | 'finalizing' | 'verifying' | 'manifests';

export interface EncodeProgress {
  /** 0–100 over the whole job: encode 90 %, verify 5 %, manifests and pictures 5 %. */
  readonly percent: number;
  readonly step: EncodeStep;
  /** ffmpeg's figures while encoding; null afterwards. */
  readonly etaSec: number | null;
  readonly speed: number | null;
  readonly fps: number | null;
}

export interface RunEncodeOptions {
  readonly input: string;
  /** The probe of `input` (probeFile). */
  readonly media: MediaInfo;
  readonly definition: TransformDefinition;
  /** The asset folder; created when missing. Existing files of the same names are never overwritten. */
  readonly outDir: string;
  /**
   * Where partial outputs are written. `'own'` (default): a temp folder inside outDir, whose files are
   * moved in only when everything passed. `'outDir'`: outDir is already a private staging folder that
   * the caller moves into place (the job runner's tmp/<job id>), so files are written there directly.
   */
  readonly staging?: 'own' | 'outDir';
  /** Where ffmpeg's PID is recorded while it runs (see media/ffmpeg-orphans.ts). */
  readonly pidFile?: string;
  /** Measure each rung's PSNR/SSIM against the source after the encode (one more decode of the source). */
  readonly measureQuality?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: EncodeProgress) => void;
  /** ffmpeg's log lines, for the job's log view. */
  readonly onLog?: (line: string) => void;
  /** The video encoder for the rungs (of the transform's codec); its software encoder when absent. */
  readonly videoEncoder?: VideoEncoderName;
  /** A subtitle file (WebVTT/SRT) to draw into the picture before scaling (burn-in). */
  readonly burnSubtitles?: string;
  /** Override the resolved tools (tests, settings). */
  readonly ffmpegPath?: string;
  readonly ffprobePath?: string;
}

export interface EncodedRung {
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly targetKbps: number;
  /** Average video bitrate of the file as encoded. */
  readonly measuredKbps: number | null;
  readonly profile: string;
  readonly level: string;
  /** PSNR/SSIM against the source scaled to the rung; null when not measured. */
  readonly quality: RungQuality | null;
}

export interface EncodedAudio {
  readonly fileName: string;
  readonly language: string;
  /** MP4 track id inside `fileName` (2 when muxed with video). */
  readonly trackId: number;
  readonly targetKbps: number;
  readonly measuredKbps: number | null;
}

export interface EncodeResult {
  readonly outDir: string;
  /** `.ism` and `.ismc` file names inside outDir; no .ismc where Smooth cannot carry the video (AV1) or the origin cannot package the codecs. */
  readonly ism: string;
  readonly ismc: string | null;
  /** Every file written, names inside outDir. */
  readonly files: readonly string[];
  readonly rungs: readonly EncodedRung[];
  readonly audio: readonly EncodedAudio[];
  readonly durationSec: number;
  readonly thumbnails: ThumbnailFiles | null;
  readonly plan: EncodePlan;
  readonly warnings: readonly string[];
  /** Wall time of the content-aware analysis (s); null for other transforms. */
  readonly analysisSec: number | null;
  /** Whether the rungs' quality was measured (`rungs[].quality`). */
  readonly qualityMeasured: boolean;
  /** Why `quality.vmaf` is null (this ffmpeg has no libvmaf); null when VMAF was measured or nothing was. */
  readonly vmafNote: string | null;
}

const kbpsOf = (bitrate: number | null | undefined): number | null => (bitrate ? Math.round(bitrate / 1000) : null);

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EncodeCanceledError();
}

/** The plan with the subtitles drawn in after the picture fixes, so every rung (and the quality reference) has them. */
function withBurnIn(plan: EncodePlan, subtitles: string | undefined): EncodePlan {
  if (subtitles === undefined || !plan.video) return plan;
  return { ...plan, video: { ...plan.video, preFilters: [...plan.video.preFilters, burnInFilter(subtitles)] } };
}

export async function runEncode(opts: RunEncodeOptions): Promise<EncodeResult> {
  const { media, definition, signal } = opts;
  const ffmpegPath = opts.ffmpegPath ?? (await resolveFfmpeg()).path;
  const ffprobePath = opts.ffprobePath ?? (await resolveFfprobe()).path;
  const capabilities = await detectCapabilities(ffmpegPath);
  const videoEncoder = opts.videoEncoder ?? SOFTWARE_ENCODERS[definition.videoCodec ?? 'h264'];
  if (definition.video.length > 0 && !definition.copy) assertEncoderUsable(videoEncoder, capabilities);
  const perTitle = await contentAwareDefinition(definition, media, opts, { ffmpegPath, ffprobePath }, { zscale: capabilities.filters.zscale, videoEncoder });
  const plan = withBurnIn(planLadder(perTitle.definition, media, { zscale: capabilities.filters.zscale, videoEncoder }), opts.burnSubtitles);
  const outDir = path.resolve(opts.outDir);
  const step = (text: string): void => opts.onLog?.(studioLine(text));
  for (const line of perTitle.explanation) step(line);
  for (const line of describePlan(plan)) step(line);

  const progress = new WeightedProgress<'encode' | 'verify' | 'finish'>([
    { id: 'encode', weight: 90 },
    { id: 'verify', weight: 5 },
    { id: 'finish', weight: 5 },
  ]);
  const report = (step: EncodeStep, percent: number, live?: { etaSec: number | null; speed: number; fps: number }): void =>
    opts.onProgress?.({ percent, step, etaSec: live?.etaSec ?? null, speed: live?.speed ?? null, fps: live?.fps ?? null });

  await mkdir(outDir, { recursive: true });
  const ism = ismName(plan);
  const ismc = ismcName(plan);
  const planned = [...plan.outputFiles, ism, ismc];
  const taken = planned.filter((f) => existsSync(path.join(outDir, f)));
  if (taken.length > 0) {
    throw new EncodeError(`${outDir} already holds ${taken.join(', ')}: choose an empty folder for the new asset.`, outDir);
  }
  await assertFreeSpace(outDir, plan.estimatedBytes);
  throwIfAborted(signal);

  if (plan.mode === 'encode') {
    const decoded = new Set(plan.audio.map((a) => a.sourceIndex));
    await checkAudioDecodes(ffmpegPath, ffprobePath, opts.input, media.audio.filter((a) => decoded.has(a.index)));
    throwIfAborted(signal);
  }

  const ownStaging = opts.staging !== 'outDir';
  const work = ownStaging ? await mkdtemp(path.join(outDir, '.encoding-')) : outDir;
  const moved: string[] = [];
  try {
    const run = await runFfmpeg({
      ffmpegPath,
      args: buildEncodeArgs(plan, opts.input, work),
      durationUs: Math.round(plan.durationSec * 1e6),
      signal,
      onProgress: (p) => report(p.phase === 'finalizing' ? 'finalizing' : 'encoding', progress.percent('encode', p.percent / 100), p),
      onStderrLine: opts.onLog,
      onCommand: (argv) => step(`ffmpeg command: ${shellQuote(argv)}`),
      logLevel: 'info',
      ...(opts.pidFile !== undefined && { pidFile: opts.pidFile }),
    });
    if (run.canceled) throw new EncodeCanceledError();
    step('ffmpeg finished; verifying the outputs');
    if (plan.video?.stripHdrMetadata) {
      for (const r of plan.video.rungs) await stripHdrMetadata(path.join(work, r.fileName));
    }

    const probes = new Map<string, ProbedOutput>();
    for (const [i, name] of plan.outputFiles.entries()) {
      throwIfAborted(signal);
      const probed = await probeOutput(ffprobePath, path.join(work, name));
      probes.set(name, probed);
      step(`verify: ${describeOutput(name, probed)}`);
      report('verifying', progress.percent('verify', (i + 1) / plan.outputFiles.length));
    }
    const warnings = [...plan.warnings, ...checkOutputs(plan, media, probes, run.errorLines)];
    step(`verify: durations match the source, keyframes aligned across rungs${warnings.length > 0 ? `; ${warnings.length} warning(s)` : ''}`);
    for (const w of warnings) step(`warning: ${w}`);

    throwIfAborted(signal);
    let qualities: readonly RungQuality[] = [];
    // On by default for content-aware encodes, whose point is the rate–quality trade.
    const qualityMeasured = (opts.measureQuality ?? definition.contentAware !== undefined) && plan.video !== null;
    if (qualityMeasured && plan.video) {
      step(`quality: PSNR and SSIM of ${plan.video.rungs.length} rung(s) against the source${capabilities.filters.libvmaf ? ', and VMAF' : `; ${VMAF_UNAVAILABLE}`}`);
      qualities = await measureQuality(
        ffmpegPath,
        { source: opts.input, sourceIndex: plan.video.sourceIndex, preFilters: plan.video.preFilters },
        plan.video.rungs.map((r) => ({ file: path.join(work, r.fileName), width: r.width, height: r.height })),
        { libvmaf: capabilities.filters.libvmaf, ...(signal && { signal }) },
      );
      plan.video.rungs.forEach((r, i) => {
        const q = qualities[i];
        if (q) step(`quality: ${r.width}x${r.height} at ${kbpsOf(probes.get(r.fileName)?.video?.bitrate) ?? '?'} kb/s: PSNR ${q.psnr.toFixed(2)} dB, SSIM ${q.ssim.toFixed(4)}${q.vmaf === null ? '' : `, VMAF ${q.vmaf.toFixed(1)}`}`);
      });
    }
    throwIfAborted(signal);
    report('manifests', progress.percent('finish', 0));
    step(`writing ${ism}, ${ismc}, the poster and the thumbnail sprite`);
    const measured = new Map<string, number>();
    for (const [name, p] of probes) {
      const bitrate = p.video?.bitrate ?? p.audio[0]?.bitrate;
      if (bitrate) measured.set(name, bitrate);
    }
    await writeFile(path.join(work, ism), writeIsm(ismDocument(plan, measured, ismc)));
    // Opening it as the origin will is the proof that the asset is packageable (GOPs, fragment lengths).
    const presentation = await openAsPackager(work, ism, plan);
    // null for AV1: Smooth cannot carry it, so no .ismc rather than one with an empty video StreamIndex.
    const clientManifest = presentation ? writeIsmc(presentation) : null;
    if (clientManifest !== null) await writeFile(path.join(work, ismc), clientManifest);
    else {
      // No .ismc then, and no .ism pointing at one.
      await writeFile(path.join(work, ism), writeIsm(ismDocument(plan, measured)));
    }
    if (!presentation) {
      warnings.push(`The origin of this build cannot package ${newCodecs(plan)} yet: the asset is stored and can be downloaded; it streams once the origin learns the codec.`);
    }

    let thumbnails: ThumbnailFiles | null = null;
    const picture = thumbnailSource(plan);
    if (picture) {
      const probe = probes.get(picture.fileName);
      thumbnails = await writeThumbnails(
        ffmpegPath,
        {
          file: path.join(work, picture.fileName),
          width: picture.width,
          height: picture.height,
          keyframesSec: probe?.keyframesSec ?? [0],
          durationSec: probe?.video?.durationSec ?? plan.durationSec,
        },
        work,
        plan.baseName,
        signal,
      );
    }
    throwIfAborted(signal);

    // Media first, the .ism last: an asset folder shows up only once it is complete.
    const files = [...plan.outputFiles, ...(thumbnails ? [thumbnails.poster, thumbnails.sprite, thumbnails.vtt] : []), ...(clientManifest !== null ? [ismc] : []), ism];
    if (ownStaging) {
      for (const name of files) {
        await rename(path.join(work, name), path.join(outDir, name));
        moved.push(name);
      }
      await rm(work, { recursive: true, force: true });
    }
    report('manifests', progress.percent('finish', 1));

    return {
      outDir,
      ism,
      ismc: clientManifest !== null ? ismc : null,
      files,
      rungs: (plan.video?.rungs ?? []).map((r, i) => ({
        fileName: r.fileName,
        width: r.width,
        height: r.height,
        targetKbps: r.kbps,
        measuredKbps: kbpsOf(probes.get(r.fileName)?.video?.bitrate),
        profile: r.profile,
        level: r.level,
        quality: qualities[i] ?? null,
      })),
      audio: audioResults(plan, probes),
      durationSec: probes.get(plan.outputFiles[0] ?? '')?.durationSec ?? plan.durationSec,
      thumbnails,
      plan,
      warnings,
      analysisSec: perTitle.analysisSec,
      qualityMeasured,
      vmafNote: qualityMeasured && !capabilities.filters.libvmaf ? VMAF_UNAVAILABLE : null,
    };
  } catch (err) {
    // A caller's staging folder is the caller's to remove (it holds nothing else of value either way).
    if (ownStaging) await rm(work, { recursive: true, force: true });
    await Promise.all(moved.map((name) => rm(path.join(outDir, name), { force: true })));
    if (signal?.aborted && !(err instanceof EncodeCanceledError)) throw new EncodeCanceledError();
    throw err;
  }
}

/**
 * A content-aware transform becomes a fixed ladder for this title (the analysis runs here, before the
 * free-space check, so the estimate is the real ladder's); other transforms pass through.
 */
async function contentAwareDefinition(
  definition: TransformDefinition,
  media: MediaInfo,
  opts: RunEncodeOptions,
  tools: { readonly ffmpegPath: string; readonly ffprobePath: string },
  capabilities: EncoderCapabilities,
): Promise<{ definition: TransformDefinition; explanation: readonly string[]; analysisSec: number | null }> {
  if (!definition.contentAware || !media.video || definition.video.length === 0) return { definition, explanation: [], analysisSec: null };
  const basePlan = planLadder({ ...definition, adaptive: true }, media, capabilities);
  const ladder = await analyzeContent({ ...tools, input: opts.input, media, definition, basePlan, ...(opts.signal && { signal: opts.signal }) });
  const { contentAware: _settings, ...rest } = definition;
  return { definition: { ...rest, video: ladder.rungs, adaptive: false }, explanation: ladder.explanation, analysisSec: ladder.analysisSec };
}

/** A job queued for a hardware encoder may run after a driver change: say so before ffmpeg starts. */
function assertEncoderUsable(encoder: VideoEncoderName, capabilities: FfmpegCapabilities): void {
  const software = Object.values(SOFTWARE_ENCODERS).includes(encoder);
  if (capabilities.h264Encoders.includes(encoder) || (software && capabilities.encoders.includes(encoder))) return;
  const trial = capabilities.hardware.find((h) => h.encoder === encoder);
  if (trial?.usable) return;
  const why = trial?.reason ?? 'not compiled into this ffmpeg';
  const fallback = SOFTWARE_ENCODERS[codecOfEncoder(encoder)];
  const instead = fallback === encoder ? 'use an ffmpeg build that has it (set FFMPEG_PATH or choose one in Settings)' : `encode with ${fallback} (software) instead`;
  throw new EncodeError(`The ${encoder} encoder cannot be used on this machine (${why}); ${instead}.`, capabilities.ffmpegPath);
}

/** The codecs of a plan that the origin learns in issue 14's sibling (HEVC, AV1, Dolby Digital), by name. */
function newCodecs(plan: EncodePlan): string {
  const names = [
    ...(plan.video && plan.video.codec !== 'h264' ? [VIDEO_CODEC_LABELS[plan.video.codec]] : []),
    ...(plan.audio.some((a) => a.codec === 'dd') ? ['Dolby Digital (AC-3)'] : []),
  ];
  return names.join(' and ');
}

/**
 * The presentation as the origin opens it. For H.264/AAC a refusal is an encoder bug (an error); for
 * HEVC, AV1 and AC-3 outputs an origin that does not package those codecs yet refuses them, which is
 * no reason to throw away a valid encode: null, and the caller says so.
 */
async function openAsPackager(folder: string, ism: string, plan: EncodePlan): Promise<Presentation | null> {
  try {
    return await openPresentation(folder, ism);
  } catch (err) {
    if (err instanceof MediaError && newCodecs(plan) !== '' && /can be packaged|only H\.264/.test(err.message)) return null;
    if (err instanceof MediaError) {
      throw new EncodeError(`The encoded asset cannot be streamed: ${err.message}. Please report this with the source file.`, err.file);
    }
    throw err;
  }
}

/** The smallest rung (cheapest to decode), or the copied video. */
function thumbnailSource(plan: EncodePlan): { fileName: string; width: number; height: number } | null {
  const lowest = plan.video?.rungs.reduce((a, b) => (b.height * b.width < a.height * a.width ? b : a));
  if (lowest) return lowest;
  const copied = plan.copies.find((c) => c.kind === 'video');
  return copied?.width && copied.height ? { fileName: copied.fileName, width: copied.width, height: copied.height } : null;
}

function audioResults(plan: EncodePlan, probes: ReadonlyMap<string, ProbedOutput>): EncodedAudio[] {
  if (plan.mode === 'copy') {
    return plan.copies
      .filter((c) => c.kind === 'audio')
      .map((c) => ({
        fileName: c.fileName,
        language: c.language ?? 'und',
        trackId: 1,
        targetKbps: c.kbps,
        measuredKbps: kbpsOf(probes.get(c.fileName)?.audio[0]?.bitrate),
      }));
  }
  const top = plan.video?.rungs[0]?.fileName;
  return plan.audio.flatMap((a) => {
    const fileName = a.fileName ?? top;
    if (!fileName) return [];
    return [
      {
        fileName,
        language: a.language,
        trackId: a.fileName ? 1 : 2,
        targetKbps: a.kbps,
        measuredKbps: kbpsOf(probes.get(fileName)?.audio[0]?.bitrate),
      },
    ];
  });
}
