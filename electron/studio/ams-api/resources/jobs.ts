/**
 * Jobs under a transform: create (JobInputAsset, JobInputHttp; one JobOutputAsset), get, list
 * ($filter/$orderby, paged), update (description, priority), cancelJob, delete. A job is a studio
 * job (the jobs panel shows it) once its input is on this machine; before that — a JobInputHttp
 * download, a blob download — the API holds it as Processing with the download as its first 10 %.
 * States Queued → Scheduled → Processing → Finished | Error | Canceled(ing), with startTime/endTime
 * and errors in AMS's JobError shape on the output.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobData } from '../../api/contract.ts';
import { ArmError, badRequest, notFound, notSupported } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import type { JobMeta } from '../arm-store.ts';
import { page } from '../odata-query.ts';
import { armNameById, mustFindAsset } from './asset-names.ts';
import { downloadHttpInput, httpInputUrl, JobInputError, localAssetInput, type JobErrorCode, type StagedInput } from './job-inputs.ts';
import { findTransform } from './transforms.ts';
import { pickInputBlob } from '../../storage/asset-transfer.ts';
import { assetContainerName } from '../../storage/names.ts';

type Json = Record<string, unknown>;

/** Share of a staged job's progress that fetching its input takes. */
const STAGING_SHARE = 10;

interface Staging {
  state: 'Processing' | 'Error' | 'Canceled';
  progress: number;
  startTime: string;
  endTime?: string;
  error?: ArmJobError;
}

interface ArmJobError {
  code: JobErrorCode;
  message: string;
  category: 'Service' | 'Download' | 'Upload' | 'Configuration' | 'Content';
  retry: 'DoNotRetry' | 'MayRetry';
  details: { code: string; message: string }[];
}

interface JobBody {
  description?: string;
  priority: string;
  correlationData: Record<string, string>;
  input: Json;
  outputs: Json[];
  studioJobId?: string;
  staging?: Staging;
  canceling?: boolean;
  deleted?: boolean;
  lastModified: string;
}

const CATEGORY: Readonly<Record<JobErrorCode, ArmJobError['category']>> = {
  ServiceError: 'Service',
  ServiceTransientError: 'Service',
  DownloadNotAccessible: 'Download',
  DownloadTransientError: 'Download',
  ConfigurationUnsupported: 'Configuration',
  ContentMalformed: 'Content',
  ContentUnsupported: 'Content',
};

function jobError(code: JobErrorCode, message: string, retry: ArmJobError['retry']): ArmJobError {
  return { code, message, category: CATEGORY[code], retry, details: [{ code, message }] };
}

/** A studio job error in AMS's vocabulary: bad input is the content's fault, the rest the service's. */
function fromStudioJobError(e: NonNullable<JobData['error']>): ArmJobError {
  const code = e.code ?? '';
  if (e.kind === 'interrupted' || code === 'interrupted') return jobError('ServiceTransientError', e.message, 'MayRetry');
  // An input container without a media file (nothing uploaded yet, or the named file missing).
  if (e.kind === 'StorageError' && code === 'not-found') return jobError('ContentMalformed', e.message, 'DoNotRetry');
  if (e.kind === 'StorageError') return jobError(e.retryable ? 'ServiceTransientError' : 'ServiceError', e.message, e.retryable ? 'MayRetry' : 'DoNotRetry');
  if (['not-media', 'truncated', 'empty', 'corrupt', 'no-streams'].includes(code) || e.kind === 'ProbeError') {
    return jobError(code === 'not-found' ? 'DownloadNotAccessible' : 'ContentMalformed', e.message, 'DoNotRetry');
  }
  if (code === 'unsupported' || /unsupported|not supported/i.test(e.message)) return jobError('ContentUnsupported', e.message, 'DoNotRetry');
  if (e.kind === 'EncodeError' || e.kind === 'MediaError') return jobError('ContentMalformed', e.message, e.retryable ? 'MayRetry' : 'DoNotRetry');
  return jobError('ServiceError', e.message, e.retryable ? 'MayRetry' : 'DoNotRetry');
}

const bodyOf = (m: JobMeta): JobBody => m.body as unknown as JobBody;

interface JobView {
  readonly key: string;
  readonly name: string;
  readonly transformName: string;
  readonly createdAt: string;
  readonly body: JobBody | null;
  readonly job: JobData | null;
}

async function outputJson(svc: ArmServices, v: JobView): Promise<{ state: string; output: Json; startTime?: string; endTime?: string }> {
  const b = v.body;
  const j = v.job;
  const assetName = (b?.outputs[0]?.assetName as string | undefined) ?? (j?.outputAssetId ? await armNameById(svc.call, j.outputAssetId) : '');
  const label = b?.outputs[0]?.label;
  const staged = b?.staging !== undefined;
  let state: string;
  let progress = 0;
  let error: ArmJobError | undefined;
  let startTime: string | undefined = b?.staging?.startTime ?? j?.startedAt ?? undefined;
  let endTime: string | undefined;
  if (b?.staging && !j) {
    state = b.staging.state;
    progress = Math.round(b.staging.progress * STAGING_SHARE);
    error = b.staging.error;
    endTime = b.staging.endTime;
  } else if (j) {
    const pct = j.progress?.percent ?? (j.state === 'Finished' ? 100 : 0);
    progress = Math.floor(staged ? STAGING_SHARE + (pct * (100 - STAGING_SHARE)) / 100 : pct);
    state =
      j.state === 'Processing'
        ? b?.canceling
          ? 'Canceling'
          : j.progress === null || j.progress.stage === 'probing'
            ? staged
              ? 'Processing'
              : 'Scheduled'
            : 'Processing'
        : j.state === 'Queued' && staged
          ? 'Processing'
          : j.state;
    if (j.state === 'Finished') progress = 100;
    if (j.error && j.state === 'Error') error = fromStudioJobError(j.error);
    endTime = j.endedAt ?? undefined;
    startTime ??= j.startedAt ?? undefined;
  } else {
    state = 'Queued';
  }
  const output: Json = {
    '@odata.type': '#Microsoft.Media.JobOutputAsset',
    assetName,
    ...(typeof label === 'string' && { label }),
    state,
    progress,
    ...(error && { error }),
    ...(startTime && { startTime }),
    ...(endTime && { endTime }),
  };
  return { state, output, ...(startTime && { startTime }), ...(endTime && { endTime }) };
}

async function inputOf(svc: ArmServices, v: JobView): Promise<Json> {
  if (v.body) return v.body.input;
  const j = v.job;
  if (j?.inputAssetId) return { '@odata.type': '#Microsoft.Media.JobInputAsset', assetName: await armNameById(svc.call, j.inputAssetId), files: [] };
  return { '@odata.type': '#Microsoft.Media.JobInputHttp', files: j?.inputFile ? [path.basename(j.inputFile)] : [] };
}

async function jobJson(account: AccountRef, svc: ArmServices, v: JobView) {
  const out = await outputJson(svc, v);
  return resource(account, 'transforms/jobs', `transforms/${encodeURIComponent(v.transformName)}/jobs/${encodeURIComponent(v.name)}`, v.name, {
    created: v.createdAt,
    lastModified: v.body?.lastModified ?? v.job?.endedAt ?? v.job?.startedAt ?? v.createdAt,
    state: out.state,
    ...(v.body?.description !== undefined && { description: v.body.description }),
    input: await inputOf(svc, v),
    outputs: [out.output],
    priority: v.body?.priority ?? 'Normal',
    correlationData: v.body?.correlationData ?? {},
    ...(out.startTime && { startTime: out.startTime }),
    ...(out.endTime && { endTime: out.endTime }),
  });
}

async function jobViews(svc: ArmServices, transformName: string): Promise<JobView[]> {
  const [metas, jobs] = await Promise.all([Promise.resolve(svc.store.jobsOf(transformName)), svc.call('jobs.list', {})]);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const claimed = new Set<string>();
  const views: JobView[] = [];
  for (const m of metas) {
    const b = bodyOf(m);
    if (b.studioJobId) claimed.add(b.studioJobId);
    if (b.deleted) continue;
    views.push({ key: m.jobId, name: m.name, transformName, createdAt: m.createdAt, body: b, job: b.studioJobId ? (byId.get(b.studioJobId) ?? null) : null });
  }
  // Jobs started in the desktop UI: named by their id.
  for (const j of jobs) {
    if (j.transformName !== transformName || claimed.has(j.id)) continue;
    views.push({ key: j.id, name: j.id, transformName, createdAt: j.createdAt, body: null, job: j });
  }
  return views;
}

async function mustFindJob(svc: ArmServices, transformName: string, name: string): Promise<JobView> {
  const v = (await jobViews(svc, transformName)).find((x) => x.name === name);
  if (!v) throw notFound('job', name);
  return v;
}

function updateBody(svc: ArmServices, key: string, patch: Partial<JobBody>): void {
  const m = svc.store.jobById(key);
  if (!m) return;
  svc.store.updateJobBody(key, { ...m.body, ...patch, lastModified: new Date().toISOString() } as unknown as Json);
}

function checkClipOptions(input: Json): void {
  for (const k of ['start', 'end', 'inputDefinitions'] as const) {
    if (input[k] !== undefined && input[k] !== null && !(Array.isArray(input[k]) && (input[k] as unknown[]).length === 0)) {
      throw notSupported(`JobInput ${k} (clips and input definitions)`, 'the studio encodes whole files.');
    }
  }
}

/** Fetches the input (download or blob), then hands the job to the studio's queue. */
function stageAndQueue(
  svc: ArmServices,
  key: string,
  fetchInput: (signal: AbortSignal, onProgress: (f: number) => void) => Promise<StagedInput>,
  queue: (file: string) => Promise<JobData>,
): void {
  const controller = new AbortController();
  svc.staging.set(key, controller);
  let lastWrite = 0;
  const onProgress = (fraction: number): void => {
    const now = Date.now();
    if (now - lastWrite < 250 && fraction < 1) return; // a progress write per quarter second is plenty
    lastWrite = now;
    const m = svc.store.jobById(key);
    if (m) updateBody(svc, key, { staging: { ...(bodyOf(m).staging as Staging), progress: fraction } });
  };
  void (async () => {
    let staged: StagedInput | null = null;
    try {
      staged = await fetchInput(controller.signal, onProgress);
      const job = await queue(staged.file);
      updateBody(svc, key, { studioJobId: job.id });
    } catch (err) {
      const m = svc.store.jobById(key);
      const current = m ? (bodyOf(m).staging as Staging) : null;
      const endTime = new Date().toISOString();
      if (controller.signal.aborted) {
        updateBody(svc, key, { staging: { ...(current as Staging), state: 'Canceled', endTime }, canceling: false });
      } else {
        const e =
          err instanceof JobInputError
            ? jobError(err.code, err.message, err.retry)
            : err instanceof ArmError
              ? jobError(err.status >= 500 ? 'ServiceError' : 'ConfigurationUnsupported', err.message, 'DoNotRetry')
              : jobError('ServiceError', (err as Error).message, 'MayRetry');
        updateBody(svc, key, { staging: { ...(current as Staging), state: 'Error', endTime, error: e } });
      }
      await staged?.cleanup().catch(() => undefined);
    } finally {
      svc.staging.delete(key);
    }
  })();
}

/** Jobs left fetching their input when the API stopped: they cannot resume, so they end in Error. */
export function recoverStagingJobs(svc: ArmServices): void {
  for (const m of svc.store.allJobs()) {
    const b = bodyOf(m);
    if (b.staging?.state === 'Processing' && !b.studioJobId) {
      updateBody(svc, m.jobId, {
        staging: { ...b.staging, state: 'Error', endTime: new Date().toISOString(), error: jobError('ServiceTransientError', 'The studio stopped while fetching the input; submit the job again.', 'MayRetry') },
      });
    }
  }
}

const FILTER_FIELDS = ['name', 'properties/state', 'properties/created', 'properties/lastModified'];
const ORDER_FIELDS = ['name', 'properties/created', 'properties/lastModified'];

export const jobRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'transforms/:transformName/jobs',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      const items = await Promise.all((await jobViews(svc, t.name)).map((v) => jobJson(req.account, svc, v)));
      return ok(page(items, req.url, { filterFields: FILTER_FIELDS, orderFields: ORDER_FIELDS }));
    },
  },
  {
    method: 'GET',
    path: 'transforms/:transformName/jobs/:jobName',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      return ok(await jobJson(req.account, svc, await mustFindJob(svc, t.name, req.params.jobName ?? '')));
    },
  },
  {
    method: 'PUT',
    path: 'transforms/:transformName/jobs/:jobName',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      const name = req.params.jobName ?? '';
      const p = propertiesOf(req.body);
      if (svc.store.jobByName(t.name, name)) {
        throw new ArmError(409, 'Conflict', `A job named '${name}' exists under transform '${t.name}'; jobs cannot be resubmitted — use a new name (update description or priority with PATCH).`);
      }
      const input = (p.input ?? null) as Json | null;
      const outputs = Array.isArray(p.outputs) ? (p.outputs as Json[]) : [];
      if (!input) throw badRequest('properties.input is required.');
      if (outputs.length !== 1) {
        throw outputs.length === 0 ? badRequest('properties.outputs must hold one JobOutputAsset.') : notSupported('A job with more than one output', 'the studio transforms have one output each.');
      }
      const output = outputs[0] as Json;
      if (output['@odata.type'] !== '#Microsoft.Media.JobOutputAsset') throw notSupported(`The job output ${String(output['@odata.type'])}`);
      if (output.presetOverride !== undefined) throw notSupported('JobOutput presetOverride', 'make a transform with that preset instead.');
      const out = await mustFindAsset(svc.call, String(output.assetName ?? ''));
      const inputType = String(input['@odata.type'] ?? '');
      const files = Array.isArray(input.files) ? input.files.map(String) : [];
      checkClipOptions(input);

      const key = randomUUID();
      const now = new Date().toISOString();
      const body: JobBody = {
        ...(typeof p.description === 'string' && { description: p.description }),
        priority: typeof p.priority === 'string' ? p.priority : 'Normal',
        correlationData: (p.correlationData ?? {}) as Record<string, string>,
        input,
        outputs: [{ ...output, assetName: out.armName }],
        lastModified: now,
      };
      const queue = (file: string | null, assetId: string | null) =>
        svc.call('jobs.encode', {
          transformName: t.name,
          ...(assetId !== null ? { assetId } : { file: file ?? '' }),
          outputAssetId: out.asset.id,
        });

      if (inputType === '#Microsoft.Media.JobInputAsset') {
        const inAsset = await mustFindAsset(svc.call, String(input.assetName ?? ''));
        body.input = { ...input, assetName: inAsset.armName };
        if (files.length > 1) throw notSupported('A JobInputAsset with more than one file', 'the studio encodes one source file per job.');
        if (inAsset.asset.storage === 'blob' && files[0] !== undefined && svc.storage) {
          // The encoder takes the container's largest media file (AMS's default); a named file must be that one.
          const store = await svc.storage.blob();
          const container = assetContainerName(inAsset.asset.id);
          const named = (await store.listBlobs(container)).find((b) => b.name === files[0]);
          if (!named) throw badRequest(`The input asset '${inAsset.armName}' has no file "${files[0]}" in its container.`);
          const picked = await pickInputBlob(store, container, inAsset.armName);
          if (picked.name !== named.name) {
            throw notSupported(`Choosing the input file "${files[0]}"`, `the studio encodes the container's largest media file ("${picked.name}"); put one mezzanine per input asset.`);
          }
        }
        if (inAsset.asset.storage === 'blob' || inAsset.asset.sourceFile) {
          // The queue reads it itself: an imported source file, or the mezzanine uploaded to the container.
          const job = await queue(null, inAsset.asset.id);
          svc.store.addJob({ jobId: key, transformName: t.name, name, body: { ...body, studioJobId: job.id } as unknown as Json, createdAt: now });
        } else {
          const settings = await svc.call('settings.get', {});
          const localFiles = (await svc.call('assets.files', { id: inAsset.asset.id })).files;
          let staged;
          try {
            staged = localAssetInput(inAsset.armName, files, { assetDir: path.join(settings.libraryDir, inAsset.asset.folder), localFiles });
          } catch (err) {
            if (err instanceof JobInputError) throw badRequest(err.message);
            throw err;
          }
          const job = await queue(staged.file, null);
          svc.store.addJob({ jobId: key, transformName: t.name, name, body: { ...body, studioJobId: job.id } as unknown as Json, createdAt: now });
        }
      } else if (inputType === '#Microsoft.Media.JobInputHttp') {
        const url = httpInputUrl(typeof input.baseUri === 'string' ? input.baseUri : undefined, files);
        svc.store.addJob({ jobId: key, transformName: t.name, name, body: { ...body, staging: { state: 'Processing', progress: 0, startTime: now } } as unknown as Json, createdAt: now });
        stageAndQueue(svc, key, (signal, onProgress) => downloadHttpInput(url, path.join(svc.downloadsDir, `job-${key}`), signal, onProgress), (file) => queue(file, null));
      } else {
        throw notSupported(`The job input ${inputType || '(without @odata.type)'}`, 'the studio takes JobInputAsset and JobInputHttp (one file each).');
      }
      return ok(await jobJson(req.account, svc, await mustFindJob(svc, t.name, name)), 201);
    },
  },
  {
    method: 'PATCH',
    path: 'transforms/:transformName/jobs/:jobName',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      const v = await mustFindJob(svc, t.name, req.params.jobName ?? '');
      if (!v.body) throw badRequest('Jobs started in the desktop app cannot be updated through the API.');
      const p = propertiesOf(req.body);
      updateBody(svc, v.key, {
        ...(typeof p.description === 'string' && { description: p.description }),
        ...(typeof p.priority === 'string' && { priority: p.priority }),
      });
      return ok(await jobJson(req.account, svc, await mustFindJob(svc, t.name, v.name)));
    },
  },
  {
    method: 'POST',
    path: 'transforms/:transformName/jobs/:jobName/cancelJob',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      const v = await mustFindJob(svc, t.name, req.params.jobName ?? '');
      const staging = svc.staging.get(v.key);
      if (staging) {
        updateBody(svc, v.key, { canceling: true });
        staging.abort();
      } else if (v.job && (v.job.state === 'Queued' || v.job.state === 'Processing')) {
        if (v.body) updateBody(svc, v.key, { canceling: true });
        // The queue resolves when the job has stopped; the client polls jobs.get for Canceled.
        void svc.call('jobs.cancel', { id: v.job.id }).then(
          () => v.body && updateBody(svc, v.key, { canceling: false }),
          () => undefined,
        );
      }
      return { status: 200 };
    },
  },
  {
    method: 'DELETE',
    path: 'transforms/:transformName/jobs/:jobName',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.transformName ?? '');
      const v = (await jobViews(svc, t.name)).find((x) => x.name === req.params.jobName);
      if (!v) return noContent();
      svc.staging.get(v.key)?.abort();
      if (v.job && (v.job.state === 'Queued' || v.job.state === 'Processing')) await svc.call('jobs.cancel', { id: v.job.id });
      // The studio keeps its job history (the jobs panel); the API forgets the job and its downloaded input.
      if (v.body) {
        updateBody(svc, v.key, { deleted: true });
        await rm(path.join(svc.downloadsDir, `job-${v.key}`), { recursive: true, force: true });
      }
      else {
        svc.store.addJob({ jobId: randomUUID(), transformName: t.name, name: v.name, body: { studioJobId: v.job?.id, deleted: true, input: {}, outputs: [], priority: 'Normal', correlationData: {}, lastModified: new Date().toISOString() }, createdAt: v.createdAt });
      }
      return { status: 200 };
    },
  },
];
