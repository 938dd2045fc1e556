import { ffmpegPidFile } from '../media/ffmpeg-orphans.ts';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { assetFolderPath, getAsset, insertAsset, mustGetAsset, updateAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { listJobs } from '../catalog/jobs-repo.ts';
import { saveAssetQuality } from '../catalog/quality-repo.ts';
import { mustGetTransform } from '../catalog/transforms-repo.ts';
import type { Asset, Job } from '../catalog/types.ts';
import { describeMedia, studioLine } from '../encoding/encode-log.ts';
import { runEncode } from '../encoding/run-encode.ts';
import { EtaEstimate } from '../jobs/eta-estimate.ts';
import { parseTransformDefinition } from '../encoding/transform-definition.ts';
import { isVideoEncoderName } from '../encoding/video-encoder-names.ts';
import type { JobQueue, JobRunner, JobTransitionHook } from '../jobs/job-queue.ts';
import { probeFile } from '../media/probe.ts';
import { pickInputBlob, uploadFolder } from '../storage/asset-transfer.ts';
import type { StudioStorage } from '../storage/studio-storage.ts';
import { burnInFile, carryTextTracks } from '../tracks/carry-text-tracks.ts';

// Encode jobs own one row besides the job: their output asset. Every write to it is in this module —
// made Pending with the job, then following the job's state through the queue's transition hook.

export interface EncodeRequest {
  readonly transformName: string;
  readonly inputAssetId: string | null;
  readonly inputFile: string | null;
  readonly outputName: string;
  /** Write into this existing, empty asset instead of a new one named outputName (AMS: JobOutputAsset). */
  readonly outputAssetId?: string;
  /** null: the software default. */
  readonly videoEncoder: string | null;
  /** Measure each rung's PSNR/SSIM; absent: the default (on for content-aware transforms). */
  readonly measureQuality?: boolean;
  /** The input's text track to burn into the picture. */
  readonly burnSubtitles?: string;
}

/** An existing asset a job may write into: nothing encoded in it yet, and no other job writing it. */
function emptyOutputAsset(catalog: Catalog, id: string): Asset {
  const asset = mustGetAsset(catalog, id);
  if (asset.ismName) throw new CatalogError('conflict', `Asset "${asset.name}" already holds an encoded output; use a new, empty asset.`);
  const busy = listJobs(catalog).find((j) => (j.state === 'Queued' || j.state === 'Processing') && j.outputAssetId === id);
  if (busy) throw new CatalogError('conflict', `Asset "${asset.name}" is the output of job ${busy.id}, which is ${busy.state.toLowerCase()}.`);
  return updateAsset(catalog, id, { state: 'Pending' });
}

/** Adds the (Pending) output asset, or takes the given empty one, and queues the job that fills it, in one transaction. */
export function queueEncode(catalog: Catalog, queue: JobQueue, request: EncodeRequest): Job {
  return catalog.transaction(() => {
    const output = request.outputAssetId
      ? emptyOutputAsset(catalog, request.outputAssetId)
      : insertAsset(catalog, { name: request.outputName, state: 'Pending' });
    return queue.enqueue({
      transformName: request.transformName,
      inputAssetId: request.inputAssetId,
      inputFile: request.inputFile,
      outputAssetId: output.id,
      videoEncoder: request.videoEncoder,
      measureQuality: request.measureQuality ?? null,
      burnSubtitles: request.burnSubtitles ?? null,
    });
  });
}

/**
 * The output asset follows its job: Pending while queued, Processing while encoding, Finished with
 * it; a job that ends any other way leaves an unfinished asset in Error (not publishable).
 */
export function outputAssetTransitions(catalog: Catalog): JobTransitionHook {
  return (job, state) => {
    const asset = job.outputAssetId ? getAsset(catalog, job.outputAssetId) : null;
    if (!asset) return;
    if (state === 'Queued' || state === 'Processing' || state === 'Finished') {
      const next = state === 'Queued' ? 'Pending' : state;
      if (asset.state !== next) updateAsset(catalog, asset.id, { state: next });
    } else if (asset.state === 'Pending' || asset.state === 'Processing') {
      updateAsset(catalog, asset.id, { state: 'Error' });
    }
  };
}

/** Share of a job's progress bar spent downloading a blob input and uploading a blob output. */
const DOWNLOAD_SHARE = 5;
const UPLOAD_SHARE = 10;

/**
 * The file to encode: the job's file, an imported asset's source, or — for an asset kept in blob
 * storage — its mezzanine downloaded into `staging` (the job's scratch space, removed afterwards).
 */
async function stageInput(
  catalog: Catalog,
  storage: StudioStorage | undefined,
  job: Job,
  staging: string,
  signal: AbortSignal,
  onFraction: (f: number) => void,
): Promise<string> {
  if (job.inputFile) return job.inputFile;
  const input = job.inputAssetId ? getAsset(catalog, job.inputAssetId) : null;
  if (!input) throw new CatalogError('not-found', 'The input asset of this job was deleted; encode the source again.');
  if (input.storage === 'blob') {
    if (!storage) throw new CatalogError('invalid-argument', `Asset "${input.name}" is in blob storage, which this studio has not opened.`);
    const { store, container } = await storage.locate(input);
    const blob = await pickInputBlob(store, container, input.name);
    await mkdir(staging, { recursive: true });
    const file = path.join(staging, path.basename(blob.name));
    await store.downloadFile(container, blob.name, file, { signal, onProgress: (b) => onFraction(b / Math.max(1, blob.size)) });
    return file;
  }
  if (!input.sourceFile) {
    throw new CatalogError('invalid-argument', `Asset "${input.name}" has no source file to encode (it is an encoded output).`);
  }
  return input.sourceFile;
}

/**
 * The job queue's runner for encodes, in the catalog's write order: the output asset row exists
 * (made when the job was queued), the encoder writes into tmp/<job id> (the one staging folder),
 * and only a complete asset is renamed into assets/<id>. A crash leaves tmp/ content, which the
 * next start removes.
 */
export function createEncodeRunner(catalog: Catalog, storage?: StudioStorage): JobRunner {
  return async (job, context) => {
    if (!job.outputAssetId) throw new CatalogError('invalid-argument', 'This job has no output asset.');
    // The queue checked the transform when the job was queued, and a transform in use cannot be deleted.
    const definition = parseTransformDefinition(mustGetTransform(catalog, job.transformName).definition);
    const videoEncoder = job.videoEncoder ?? undefined;
    if (videoEncoder !== undefined && !isVideoEncoderName(videoEncoder)) {
      throw new CatalogError('invalid-argument', `This job asks for the unknown video encoder "${videoEncoder}"; encode again with the software encoder.`);
    }
    const inputAsset = job.inputFile ? null : job.inputAssetId ? getAsset(catalog, job.inputAssetId) : null;
    const outputAsset = getAsset(catalog, job.outputAssetId);
    // The bar covers the whole job: a blob input's download and a blob output's upload take their share.
    const from = inputAsset?.storage === 'blob' ? DOWNLOAD_SHARE : 0;
    const to = outputAsset?.storage === 'blob' ? 100 - UPLOAD_SHARE : 100;
    const percent = (p: number): number => Math.round(p * 10) / 10;

    const work = path.join(catalog.layout.tmpDir, job.id);
    const staging = path.join(catalog.layout.tmpDir, `${job.id}.input`);
    await rm(work, { recursive: true, force: true });
    try {
      if (from > 0) context.onProgress({ percent: 0, stage: 'downloading input' });
      const input = await stageInput(catalog, storage, job, staging, context.signal, (f) =>
        context.onProgress({ percent: percent(from * Math.min(1, f)), stage: 'downloading input' }),
      );
      context.onProgress({ percent: from, stage: 'probing' });
      context.onLog(studioLine(`probe: ${input}`));
      const media = await probeFile(input);
      context.onLog(studioLine(`probe: ${describeMedia(media)}`));
      const eta = new EtaEstimate();
      const result = await runEncode({
        input,
        media,
        definition,
        ...(videoEncoder !== undefined && { videoEncoder }),
        ...(job.measureQuality !== null && { measureQuality: job.measureQuality }),
        ...(job.burnSubtitles !== null && {
          burnSubtitles: await burnInFile({ catalog, inputAsset, input, media, name: job.burnSubtitles, dir: staging, onLog: (line) => context.onLog(studioLine(line)) }),
        }),
        outDir: work,
        staging: 'outDir',
        pidFile: ffmpegPidFile(catalog.layout.tmpDir, job.id),
        signal: context.signal,
        onLog: context.onLog,
        onProgress: (p) => {
          const done = percent(from + ((to - from) * p.percent) / 100);
          const left = eta.update(done);
          context.onProgress({
            percent: done,
            stage: p.step,
            ...(p.speed !== null && { speed: p.speed }),
            ...(p.fps !== null && { fps: p.fps }),
            ...(left !== undefined && { etaSec: left }),
          });
        },
      });
      // Text tracks of the source go with the output (into the staging folder, before it becomes the asset).
      await carryTextTracks({ catalog, inputAsset, input, media, outDir: work, ismName: result.ism, onLog: (line) => context.onLog(studioLine(line)) });
      const output = getAsset(catalog, job.outputAssetId);
      if (!output) throw new CatalogError('not-found', 'The output asset was deleted while the job ran.');
      if (output.storage === 'blob') {
        if (!storage) throw new CatalogError('invalid-argument', `Asset "${output.name}" is in blob storage, which this studio has not opened.`);
        const { store, container } = await storage.locate(output);
        context.onProgress({ percent: to, stage: 'uploading outputs' });
        // All or nothing: a failed or canceled upload removes what it wrote.
        await uploadFolder(store, container, work, {
          signal: context.signal,
          onProgress: (f) => context.onProgress({ percent: percent(to + (100 - to) * f), stage: 'uploading outputs' }),
        });
      } else {
        const target = assetFolderPath(catalog, output);
        // An earlier attempt that failed before its rename leaves at most an empty folder.
        if (existsSync(target) && readdirSync(target).length === 0) rmdirSync(target);
        await rename(work, target);
      }
      catalog.transaction(() => {
        updateAsset(catalog, output.id, { ismName: result.ism });
        saveAssetQuality(catalog, {
          assetId: output.id,
          measured: result.qualityMeasured,
          vmafNote: result.vmafNote,
          rungs: result.rungs.map((r) => ({
            fileName: r.fileName,
            width: r.width,
            height: r.height,
            targetKbps: r.targetKbps,
            measuredKbps: r.measuredKbps,
            psnr: r.quality?.psnr ?? null,
            ssim: r.quality?.ssim ?? null,
            vmaf: r.quality?.vmaf ?? null,
          })),
        });
      });
    } finally {
      await rm(work, { recursive: true, force: true });
      await rm(staging, { recursive: true, force: true });
    }
  };
}
