import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { assetFolderPath, getAsset, insertAsset, updateAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { mustGetTransform } from '../catalog/transforms-repo.ts';
import type { Job } from '../catalog/types.ts';
import { describeMedia, studioLine } from '../encoding/encode-log.ts';
import { runEncode } from '../encoding/run-encode.ts';
import { parseTransformDefinition } from '../encoding/transform-definition.ts';
import { DEFAULT_VIDEO_ENCODER, isVideoEncoderName } from '../encoding/video-encoder-names.ts';
import type { JobQueue, JobRunner, JobTransitionHook } from '../jobs/job-queue.ts';
import { probeFile } from '../media/probe.ts';

// Encode jobs own one row besides the job: their output asset. Every write to it is in this module —
// made Pending with the job, then following the job's state through the queue's transition hook.

export interface EncodeRequest {
  readonly transformName: string;
  readonly inputAssetId: string | null;
  readonly inputFile: string | null;
  readonly outputName: string;
  /** null: the software default. */
  readonly videoEncoder: string | null;
}

/** Adds the (Pending) output asset and queues the job that fills it, in one transaction. */
export function queueEncode(catalog: Catalog, queue: JobQueue, request: EncodeRequest): Job {
  return catalog.transaction(() => {
    const output = insertAsset(catalog, { name: request.outputName, state: 'Pending' });
    return queue.enqueue({
      transformName: request.transformName,
      inputAssetId: request.inputAssetId,
      inputFile: request.inputFile,
      outputAssetId: output.id,
      videoEncoder: request.videoEncoder,
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

function inputFileOf(catalog: Catalog, job: Job): string {
  if (job.inputFile) return job.inputFile;
  const input = job.inputAssetId ? getAsset(catalog, job.inputAssetId) : null;
  if (!input) throw new CatalogError('not-found', 'The input asset of this job was deleted; encode the source again.');
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
export function createEncodeRunner(catalog: Catalog): JobRunner {
  return async (job, context) => {
    if (!job.outputAssetId) throw new CatalogError('invalid-argument', 'This job has no output asset.');
    // The queue checked the transform when the job was queued, and a transform in use cannot be deleted.
    const definition = parseTransformDefinition(mustGetTransform(catalog, job.transformName).definition);
    const input = inputFileOf(catalog, job);
    context.onProgress({ percent: 0, stage: 'probing' });
    context.onLog(studioLine(`probe: ${input}`));
    const media = await probeFile(input);
    context.onLog(studioLine(`probe: ${describeMedia(media)}`));
    const videoEncoder = job.videoEncoder ?? DEFAULT_VIDEO_ENCODER;
    if (!isVideoEncoderName(videoEncoder)) {
      throw new CatalogError('invalid-argument', `This job asks for the unknown video encoder "${videoEncoder}"; encode again with libx264.`);
    }

    const work = path.join(catalog.layout.tmpDir, job.id);
    await rm(work, { recursive: true, force: true });
    try {
      const result = await runEncode({
        input,
        media,
        definition,
        videoEncoder,
        outDir: work,
        staging: 'outDir',
        signal: context.signal,
        onLog: context.onLog,
        onProgress: (p) =>
          context.onProgress({
            percent: Math.round(p.percent * 10) / 10,
            stage: p.step,
            ...(p.speed !== null && { speed: p.speed }),
            ...(p.etaSec !== null && { etaSec: p.etaSec }),
          }),
      });
      const output = getAsset(catalog, job.outputAssetId);
      if (!output) throw new CatalogError('not-found', 'The output asset was deleted while the job ran.');
      const target = assetFolderPath(catalog, output);
      // An earlier attempt that failed before its rename leaves at most an empty folder.
      if (existsSync(target) && readdirSync(target).length === 0) rmdirSync(target);
      await rename(work, target);
      updateAsset(catalog, output.id, { ismName: result.ism });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };
}
