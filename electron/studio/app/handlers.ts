import { mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentKeyPolicyData, EndpointSettingsData, FilterData, LocatorData, SetLadderData } from '../api/contract.ts';
import { importSets } from '../abr-set/import-set.ts';
import type { Handlers } from '../api/dispatch.ts';
import { assetFolderPath, deleteAssetRow, getAsset, insertAsset, listAssets, mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { getEndpointSettings, updateEndpointSettings } from '../catalog/endpoint-repo.ts';
import { listJobs, mustGetJob } from '../catalog/jobs-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { listPolicies } from '../catalog/policies-repo.ts';
import { deleteTransform, getTransform, listTransforms, upsertTransform } from '../catalog/transforms-repo.ts';
import type { StreamingLocator, Transform } from '../catalog/types.ts';
import { parseTransformDefinition } from '../encoding/transform-definition.ts';
import { exportTransformText, importTransformText } from '../encoding/transform-file.ts';
import { codecOfEncoder, isVideoEncoderName, SOFTWARE_ENCODERS, VIDEO_CODEC_LABELS } from '../encoding/video-encoder-names.ts';
import type { StreamingEndpoint } from '../endpoint/streaming-endpoint.ts';
import { validateIpAllow } from '../endpoint/ip-allow.ts';
import { FilterPreviewer } from '../filters/filter-preview.ts';
import { deleteFilter, getFilter, listFilters, saveFilter, type StoredFilter } from '../filters/filter-store.ts';
import type { JobLogStore } from '../jobs/job-log-store.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { detectCapabilities } from '../media/capabilities.ts';
import { removeSourcePoster } from './source-poster.ts';
import { resolveFfmpeg } from '../media/resolve-tools.ts';
import { listLocatorPaths } from '../publishing/locator-paths.ts';
import { createLocator, deleteLocator, getLocator, listLocators, locatorStatus } from '../publishing/locators.ts';
import { createStreamingPolicy } from '../publishing/streaming-policies.ts';
import type { ContentKeyPolicy } from '../catalog/content-keys-repo.ts';
import {
  contentKeyIdOf,
  contentKeyPolicyOf,
  createContentKeyPolicy,
  deleteContentKeyPolicy,
  listContentKeyPolicies,
} from '../protection/content-keys.ts';
import { signTestToken } from '../protection/test-token.ts';
import { streamingUrls } from '../publishing/streaming-urls.ts';
import { StudioApiError, toApiError } from './api-error.ts';
import { discardRejectedUpload } from './discard-upload.ts';
import { assetFiles } from './asset-files.ts';
import { planPreview } from './plan-preview.ts';
import { assetThumbnails } from './asset-thumbnails.ts';
import { assetSummary } from './asset-summary.ts';
import { addTextTrack, listTracks, removeTrack } from '../tracks/asset-tracks.ts';
import { addAudioTrack } from '../tracks/add-audio-track.ts';
import { queueEncode } from './encode-runner.ts';
import { EncoderDetection } from './encoder-detection.ts';
import { importAsset } from './import-asset.ts';
import type { JobEventLog } from './job-events.ts';
import { setToolPath, toolStatus } from './tool-settings.ts';
import type { StudioStorage } from '../storage/studio-storage.ts';
import type { AmsApiService } from '../ams-api/ams-api-service.ts';

export interface HandlerDeps {
  readonly catalog: Catalog;
  readonly queue: JobQueue;
  readonly endpoint: StreamingEndpoint;
  /** The AMS v3 API's setting and server (absent in tests that build handlers alone). */
  readonly amsApi?: AmsApiService;
  /** Asset containers; without it, assets in blob storage cannot be deleted (tests). */
  readonly storage?: StudioStorage;
  readonly events: JobEventLog;
  readonly jobLogs: JobLogStore;
  readonly appInfo: { name: string; version: string; host: 'electron' | 'web' };
  /** FFMPEG_PATH/FFPROBE_PATH as the process started, restored when a saved path is cleared. */
  readonly initialEnv: { readonly ffmpeg: string | undefined; readonly ffprobe: string | undefined };
  /** Aborted when the studio closes: long polls answer at once. */
  readonly closing: AbortSignal;
  /** Hardware encoder detection, started by the studio; a lazy one of the current ffmpeg when absent. */
  readonly encoders?: EncoderDetection;
}

/** Content key policies as the API lists them: without the verification key. */
function keyPolicyData(p: ContentKeyPolicy): ContentKeyPolicyData {
  const r = p.restriction;
  const restriction =
    r.kind === 'open'
      ? { kind: 'open' as const }
      : {
          kind: 'token' as const,
          issuer: r.issuer,
          audience: r.audience,
          algorithm: r.algorithm,
          ...(r.requiredClaims && { requiredClaims: r.requiredClaims.map((c) => ({ ...c })) }),
        };
  return { name: p.name, description: p.description, restriction, builtin: p.builtin, createdAt: p.createdAt };
}

/** Stored filters as the API shows them (mutable copies for the contract's plain types). */
const filterData = (f: StoredFilter): FilterData => JSON.parse(JSON.stringify(f)) as FilterData;

/** A transform file on the studio's machine, with an error that names it. */
async function readTransformFile(file: string): Promise<string> {
  try {
    return await readFile(path.resolve(file), 'utf8');
  } catch (err) {
    throw new StudioApiError('file-not-found', `Cannot read the transform file ${file}: ${(err as Error).message}`);
  }
}

/** Transforms as the API shows them: definitions the encoder's schema has checked. */
const transformData = (t: Transform) => ({ ...t, definition: parseTransformDefinition(t.definition) });

/** The contract's implementation over the studio's parts; every error leaves with an API code. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { catalog, queue, endpoint, events } = deps;
  const filterPreviewer = new FilterPreviewer(catalog);
  const encoders = deps.encoders ?? new EncoderDetection(async () => detectCapabilities(await resolveFfmpeg()));

  const settings = async () => ({
    libraryDir: catalog.layout.root,
    jobConcurrency: queue.concurrency,
    ffmpeg: await toolStatus(catalog, 'ffmpeg'),
    ffprobe: await toolStatus(catalog, 'ffprobe'),
  });

  const withStatus = (l: StreamingLocator): LocatorData => ({
    ...l,
    status: locatorStatus(l),
    keyId: contentKeyIdOf(catalog, l.id),
    contentKeyPolicy: contentKeyPolicyOf(catalog, l.id),
  });

  const handlers: Handlers = {
    'app.info': async () => deps.appInfo,

    'settings.get': settings,
    'settings.set': async (input) => {
      if (input.jobConcurrency !== undefined) queue.setConcurrency(input.jobConcurrency);
      if (input.ffmpegPath !== undefined) await setToolPath(catalog, 'ffmpeg', input.ffmpegPath, deps.initialEnv.ffmpeg);
      if (input.ffprobePath !== undefined) await setToolPath(catalog, 'ffprobe', input.ffprobePath, deps.initialEnv.ffprobe);
      return settings();
    },

    'assets.list': async () => listAssets(catalog),
    'assets.get': async ({ id }) => mustGetAsset(catalog, id),
    'assets.import': async ({ path: file, name }) => {
      try {
        return await importAsset(catalog, file, name);
      } catch (err) {
        // A file the browser uploaded for this import is ours: a rejected one is not kept.
        await discardRejectedUpload(catalog, file);
        throw err;
      }
    },
    'assets.importSet': async ({ paths, name, dryRun }) => {
      let results: Awaited<ReturnType<typeof importSets>>;
      try {
        results = await importSets(catalog, paths, { ...(name !== undefined && { name }), ...(dryRun !== undefined && { dryRun }) });
      } catch (err) {
        // Files the browser uploaded for a set that cannot be imported are not kept (web mode).
        for (const p of paths) await discardRejectedUpload(catalog, p);
        throw err;
      }
      // Imported: the library holds its own links or copies, so the uploads are no longer needed.
      if (!dryRun) for (const p of paths) await discardRejectedUpload(catalog, p);
      return { sets: results.map((r) => ({ ladder: JSON.parse(JSON.stringify(r.ladder)) as SetLadderData, asset: r.asset })) };
    },
    'assets.create': async ({ name, id, storage }) => {
      if (id !== undefined && getAsset(catalog, id)) throw new CatalogError('conflict', `An asset with id ${id} exists already.`);
      if (storage === 'blob' && !deps.storage) throw new CatalogError('invalid-argument', 'This studio has no blob storage open; create the asset in the library folder.');
      const asset = insertAsset(catalog, { name, ...(id !== undefined && { id: id.toLowerCase() }), state: 'Pending', storage: storage ?? 'local' });
      try {
        if (asset.storage === 'blob' && deps.storage) {
          const { store, container } = await deps.storage.locate(asset);
          if (!(await store.containerExists(container))) await store.createContainer(container);
        } else {
          mkdirSync(assetFolderPath(catalog, asset), { recursive: true });
        }
      } catch (err) {
        // No row without its container: a client that sees the asset can upload into it.
        deleteAssetRow(catalog, asset.id);
        throw err;
      }
      return asset;
    },
    'assets.delete': async ({ id }) => {
      const asset = catalog.transaction(() => {
        const found = mustGetAsset(catalog, id);
        const busy = listJobs(catalog).find(
          (j) => (j.state === 'Processing' || j.state === 'Queued') && (j.inputAssetId === id || j.outputAssetId === id),
        );
        if (busy) {
          throw new CatalogError('conflict', `Asset "${found.name}" is used by a ${busy.state.toLowerCase()} job; cancel it first.`);
        }
        deleteAssetRow(catalog, id);
        return found;
      });
      // Row first, files after: a crash in between leaves a folder without a row, which the next start removes.
      if (asset.storage === 'blob' && deps.storage) {
        const { store, container } = await deps.storage.locate(asset);
        await store.deleteContainer(container);
      } else {
        await rm(assetFolderPath(catalog, asset), { recursive: true, force: true });
      }
      await removeSourcePoster(catalog, asset.id);
      return { deleted: true };
    },

    'assets.files': async ({ id }) => assetFiles(catalog, id),
    'assets.thumbnails': async ({ id }) => assetThumbnails(catalog, id),
    'assets.show': async ({ id, quality }) => assetSummary(catalog, id, quality ?? false),
    'assets.tracks.list': async ({ id }) => listTracks(catalog, id),
    'assets.tracks.addText': async ({ id, path: file, language, name, default: isDefault, forced, visible, replace }) => {
      try {
        return await addTextTrack(catalog, id, file, {
          language,
          ...(name !== undefined && { name }),
          ...(isDefault !== undefined && { isDefault }),
          ...(forced !== undefined && { forced }),
          ...(visible !== undefined && { visible }),
          ...(replace !== undefined && { replace }),
        });
      } finally {
        // A file the browser uploaded for this is ours: its content is now in the asset (or was refused).
        await discardRejectedUpload(catalog, file);
      }
    },
    'assets.tracks.addAudio': async ({ id, path: file, language, name, role, replace }) => {
      try {
        return await addAudioTrack(catalog, id, file, { language, ...(name !== undefined && { name }), ...(role !== undefined && { role }), ...(replace !== undefined && { replace }) });
      } finally {
        await discardRejectedUpload(catalog, file);
      }
    },
    'assets.tracks.remove': async ({ id, name }) => removeTrack(catalog, id, name),
    'encoders.list': async ({ wait }) => encoders.list({ wait: wait ?? false }),

    'transforms.list': async () => listTransforms(catalog).map(transformData),
    'transforms.save': async ({ definition }) => {
      const checked = parseTransformDefinition(definition);
      return transformData(upsertTransform(catalog, { name: checked.name, description: checked.description, definition: checked }));
    },
    'transforms.delete': async ({ name }) => ({ deleted: deleteTransform(catalog, name) }),
    'transforms.export': async ({ name, format, path: file }) => {
      const t = getTransform(catalog, name);
      if (!t) throw new CatalogError('not-found', `No transform named "${name}".`);
      const json = exportTransformText(parseTransformDefinition(t.definition), format ?? 'studio', t.builtin);
      if (file !== undefined) await writeFile(path.resolve(file), json);
      return { fileName: `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}${format === 'ams' ? '.preset' : '.transform'}.json`, json };
    },
    'transforms.plan': async ({ assetId, transformName, definition, encoder }) => {
      const source = transformName === undefined ? definition : getTransform(catalog, transformName)?.definition;
      if (source === undefined) throw new CatalogError('not-found', `No transform named "${transformName ?? ''}".`);
      return planPreview(mustGetAsset(catalog, assetId), parseTransformDefinition(source), encoder);
    },
    'transforms.import': async ({ json, path: file, name, fileName }) => {
      const text = json ?? (await readTransformFile(file ?? ''));
      const builtIn = (n: string) => {
        const t = listTransforms(catalog).find((x) => x.builtin && x.name.toLowerCase() === n.toLowerCase());
        return t ? parseTransformDefinition(t.definition) : null;
      };
      const definition = importTransformText(text, { name, fileName: fileName ?? file, builtIn });
      return transformData(upsertTransform(catalog, { name: definition.name, description: definition.description, definition }));
    },

    'jobs.list': async ({ state }) => listJobs(catalog, state === undefined ? {} : { state }),
    'jobs.get': async ({ id }) => mustGetJob(catalog, id),
    'jobs.encode': async (input) => {
      const inputName = input.assetId
        ? mustGetAsset(catalog, input.assetId).name
        : path.parse(path.resolve(input.file ?? '')).name;
      // Software needs no trial; a hardware choice waits for detection and is refused if it failed here.
      const transform = getTransform(catalog, input.transformName);
      const codec = transform ? (parseTransformDefinition(transform.definition).videoCodec ?? 'h264') : 'h264';
      if (input.encoder !== undefined && isVideoEncoderName(input.encoder) && codecOfEncoder(input.encoder) !== codec) {
        throw new StudioApiError(
          'invalid-argument',
          `${input.transformName} encodes ${VIDEO_CODEC_LABELS[codec]}; ${input.encoder} writes ${VIDEO_CODEC_LABELS[codecOfEncoder(input.encoder)]}.`,
          `Choose an ${VIDEO_CODEC_LABELS[codec]} encoder (${SOFTWARE_ENCODERS[codec]} is the software one), or leave the encoder out.`,
        );
      }
      const videoEncoder = input.encoder === undefined || input.encoder === SOFTWARE_ENCODERS[codec] ? null : await encoders.require(input.encoder);
      // An asset's text tracks are known now: a burn-in name it lacks is refused before queueing (a file's at run time).
      if (input.burnSubtitles !== undefined && input.assetId) {
        const names = (await listTracks(catalog, input.assetId)).filter((t) => t.kind === 'text').map((t) => t.name);
        if (!names.some((n) => n.toLowerCase() === input.burnSubtitles!.toLowerCase())) {
          throw new StudioApiError('invalid-argument', `Asset "${inputName}" has no text track named "${input.burnSubtitles}" to burn in${names.length ? ` (it has: ${names.join(', ')})` : ''}.`, 'Add the subtitle file as a text track first (assets tracks add-text).');
        }
      }
      return queueEncode(catalog, queue, {
        transformName: input.transformName,
        inputAssetId: input.assetId ?? null,
        inputFile: input.file === undefined ? null : path.resolve(input.file),
        outputName: input.outputName ?? `${inputName} (${input.transformName})`,
        ...(input.outputAssetId !== undefined && { outputAssetId: input.outputAssetId }),
        videoEncoder,
        ...(input.measureQuality !== undefined && { measureQuality: input.measureQuality }),
        ...(input.burnSubtitles !== undefined && { burnSubtitles: input.burnSubtitles }),
      });
    },
    'jobs.cancel': async ({ id }) => queue.cancel(id),
    'jobs.retry': async ({ id }) => queue.retry(id),
    'jobs.events': async ({ since, timeoutMs }) => events.since(since, timeoutMs ?? 0, deps.closing),
    'jobs.log': async ({ id }) => {
      const job = mustGetJob(catalog, id);
      const log = deps.jobLogs.read(job.id);
      // Jobs that ran before logs were kept on disk have only the tail the catalog holds.
      return log.file === null && job.logTail ? { ...log, text: job.logTail, nextLine: job.logTail.split('\n').length } : log;
    },

    'policies.list': async () => listPolicies(catalog).map((p) => ({ ...p, protocols: [...p.protocols] })),
    'policies.create': async (input) => createStreamingPolicy(catalog, input),

    'locators.list': async ({ assetId }) => listLocators(catalog, assetId === undefined ? {} : { assetId }).map(withStatus),
    'contentKeyPolicies.list': async () => listContentKeyPolicies(catalog).map(keyPolicyData),
    'contentKeyPolicies.create': async ({ name, description, restriction }) =>
      keyPolicyData(
        createContentKeyPolicy(catalog, {
          name,
          ...(description !== undefined && { description }),
          restriction: restriction.kind === 'open' ? { kind: 'open' } : { ...restriction, requiredClaims: restriction.requiredClaims ?? [] },
        }),
      ),
    'contentKeyPolicies.delete': async ({ name }) => ({ deleted: deleteContentKeyPolicy(catalog, name) }),
    'contentKeyPolicies.testToken': async (input) => signTestToken(catalog, input),
    'locators.create': async (input) =>
      withStatus(
        createLocator(catalog, {
          assetId: input.assetId,
          policyName: input.policyName,
          ...(input.id !== undefined && { id: input.id }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.start !== undefined && { start: input.start }),
          ...(input.end !== undefined && { end: input.end }),
          ...(input.filters !== undefined && { filters: input.filters }),
          ...(input.contentKey !== undefined && {
            contentKey: {
              ...(input.contentKey.policyName !== undefined && { policyName: input.contentKey.policyName }),
              ...(input.contentKey.keyId !== undefined && { keyId: input.contentKey.keyId }),
              ...(input.contentKey.key !== undefined && { key: input.contentKey.key }),
            },
          }),
        }),
      ),
    'locators.delete': async ({ id }) => ({ deleted: deleteLocator(catalog, id) }),

    'filters.list': async ({ assetId }) => listFilters(catalog, assetId === undefined ? {} : { assetId }).map(filterData),
    'filters.get': async ({ name, assetId, resolve }) => {
      const found = getFilter(catalog, name, assetId ?? null, resolve ?? false);
      if (!found) throw new CatalogError('not-found', `No ${assetId ? 'asset' : 'account'} filter named "${name}".`);
      return filterData(found);
    },
    'filters.save': async ({ name, assetId, definition }) => filterData(saveFilter(catalog, { name, assetId: assetId ?? null, definition })),
    'filters.delete': async ({ name, assetId }) => ({ deleted: deleteFilter(catalog, name, assetId ?? null) }),
    'filters.preview': async ({ assetId, filters }) => {
      const preview = await filterPreviewer.preview(assetId, filters);
      return { ...preview, video: [...preview.video], audio: [...preview.audio], removed: [...preview.removed] };
    },
    'locators.paths': async ({ id, filters }) => {
      const locator = getLocator(catalog, id);
      if (!locator) throw new CatalogError('not-found', `No streaming locator "${id}".`);
      const asset = mustGetAsset(catalog, locator.assetId);
      // A blob asset's files are its container's top-level blobs (the .ism and its MP4s sit there).
      const blobNames =
        asset.storage === 'blob' && deps.storage
          ? await (async () => {
              const { store, container } = await deps.storage!.locate(asset);
              return (await store.listBlobs(container)).map((b) => b.name).filter((n) => !n.includes('/'));
            })()
          : null;
      // Only the formats the asset's codecs go in (an AV1 asset has no HLS TS or Smooth paths).
      const paths = listLocatorPaths(catalog, id, () => blobNames, await endpoint.servedFormats(asset), filters ?? []);
      const baseUrl = endpoint.baseUrl();
      const urls = streamingUrls(paths, baseUrl);
      return {
        streamingPaths: paths.streamingPaths.map((g) => ({ ...g, paths: [...g.paths] })),
        downloadPaths: [...paths.downloadPaths],
        baseUrl,
        urls: urls.formats,
        downloads: [...urls.downloads],
      };
    },

    'amsApi.status': async () => deps.amsApi?.status() ?? Promise.reject(new StudioApiError('not-supported', 'This studio has no AMS API.')),
    'amsApi.set': async (patch) => deps.amsApi?.set(patch) ?? Promise.reject(new StudioApiError('not-supported', 'This studio has no AMS API.')),
    'amsApi.token': async ({ expiresInSec }) => deps.amsApi?.token(expiresInSec) ?? Promise.reject(new StudioApiError('not-supported', 'This studio has no AMS API.')),

    'endpoint.status': async () => endpoint.status(),
    'endpoint.start': async () => endpoint.start(),
    'endpoint.stop': async () => endpoint.stop(),
    'endpoint.settings.get': async () => endpointSettingsData(catalog),
    'endpoint.settings.set': async (patch) => {
      if (patch.ipAllow) validateIpAllow(patch.ipAllow);
      updateEndpointSettings(catalog, patch);
      await endpoint.restartIfRunning();
      return endpointSettingsData(catalog);
    },
    'endpoint.log': async ({ since, limit }) => ({
      seq: endpoint.requestLog.seq,
      entries: endpoint.requestLog.list(since ?? 0, limit ?? 200),
    }),
  };
  return guardAll(handlers);
}

function endpointSettingsData(catalog: Catalog): EndpointSettingsData {
  const s = getEndpointSettings(catalog);
  return { ...s, corsOrigins: [...s.corsOrigins], ipAllow: s.ipAllow.map((r) => ({ ...r })) };
}

/** Wraps each handler so module errors (probe, catalog, encoder) reach dispatch with API codes. */
function guardAll(handlers: Handlers): Handlers {
  const guarded: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(handlers) as [string, (input: unknown) => Promise<unknown>][]) {
    guarded[name] = async (input) => {
      try {
        return await fn(input);
      } catch (err) {
        throw toApiError(err);
      }
    };
  }
  return guarded as Handlers;
}

export { StudioApiError };
