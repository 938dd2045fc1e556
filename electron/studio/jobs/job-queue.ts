import { getAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import {
  countActiveJobs,
  getJob,
  insertJob,
  listJobs,
  mustGetJob,
  nextQueuedJob,
  transitionJob,
  updateJobProgress,
  type NewJob,
} from '../catalog/jobs-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { INTERRUPTED_ERROR } from '../catalog/recover-on-start.ts';
import { getSetting, setSetting } from '../catalog/settings-repo.ts';
import { mustGetTransform } from '../catalog/transforms-repo.ts';
import type { Job, JobError, JobProgress, JobState } from '../catalog/types.ts';
import { redactSecrets } from '../../../packaging-core/index.ts';
import { LogTail } from './log-tail.ts';
import { ThrottledWriter } from './throttled-writer.ts';

export interface JobContext {
  /** Aborted when the user cancels the job or the studio shuts down: stop work and reject. */
  readonly signal: AbortSignal;
  readonly onProgress: (progress: JobProgress) => void;
  readonly onLog: (line: string) => void;
}

/** Does the work of a job (the encoder); resolving = Finished, rejecting = Error. */
export type JobRunner = (job: Job, context: JobContext) => Promise<void>;

export type JobEvent =
  | { readonly type: 'state'; readonly job: Job }
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: JobProgress }
  | { readonly type: 'log'; readonly jobId: string; readonly line: string }
  /** The queue could not record something (e.g. the disk is full); the job itself may be fine. */
  | { readonly type: 'storage-error'; readonly jobId: string; readonly message: string };

/**
 * Runs inside the transaction that moves a job to `state` (Queued when enqueued or retried, Processing
 * when claimed, and its final state), so rows a kind of job owns besides the job — the encoder's
 * output asset — change with the job or not at all. The queue itself writes only job rows.
 */
export type JobTransitionHook = (job: Job, state: JobState) => void;

export interface JobQueueOptions {
  readonly runner: JobRunner;
  readonly onTransition?: JobTransitionHook;
  /** At most one progress write per job per interval (ms). */
  readonly progressWriteIntervalMs?: number;
}

export const CONCURRENCY_SETTING = 'jobs.concurrency';
const MAX_CONCURRENCY = 16;

interface Running {
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  stopReason: 'cancel' | 'shutdown' | null;
}

function toJobError(err: unknown): JobError {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; retryable?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return {
    kind: typeof e?.name === 'string' && e.name ? e.name : 'Error',
    ...(code !== undefined && { code }),
    message: typeof e?.message === 'string' && e.message ? e.message : String(err),
    retryable: typeof e?.retryable === 'boolean' ? e.retryable : true,
  };
}

/**
 * The persisted job queue: jobs live in the catalog (Queued → Processing → Finished | Error |
 * Canceled), so a restart resumes what was queued (run recoverOnStart first: it turns jobs left
 * Processing by a crash into interrupted errors). Runs up to `concurrency` jobs at once, oldest first.
 */
export class JobQueue {
  readonly #catalog: Catalog;
  readonly #runner: JobRunner;
  readonly #onTransition: JobTransitionHook;
  readonly #progressIntervalMs: number;
  readonly #listeners = new Set<(event: JobEvent) => void>();
  readonly #running = new Map<string, Running>();
  #idleWaiters: Array<() => void> = [];
  #started = false;
  #closing = false;

  constructor(catalog: Catalog, options: JobQueueOptions) {
    this.#catalog = catalog;
    this.#runner = options.runner;
    this.#onTransition = options.onTransition ?? (() => undefined);
    this.#progressIntervalMs = options.progressWriteIntervalMs ?? 1000;
  }

  get concurrency(): number {
    return getSetting(this.#catalog, CONCURRENCY_SETTING, 1);
  }

  setConcurrency(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
      throw new CatalogError('invalid-argument', `Concurrent jobs must be a whole number from 1 to ${MAX_CONCURRENCY}; got ${n}.`);
    }
    setSetting(this.#catalog, CONCURRENCY_SETTING, n);
    this.#pump();
  }

  /** Jobs Queued or Processing, in this library (not only in this queue's process). */
  activeJobs(): number {
    return countActiveJobs(this.#catalog);
  }

  /** Listens to state changes, progress and log lines; returns the unsubscribe function. */
  on(listener: (event: JobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts running queued jobs (including those queued before a restart). */
  start(): void {
    this.#started = true;
    this.#closing = false;
    this.#pump();
  }

  enqueue(input: NewJob): Job {
    if (!input.inputAssetId && !input.inputFile) {
      throw new CatalogError('invalid-argument', 'A job needs an input: an asset or a file.');
    }
    const job = this.#catalog.transaction(() => {
      mustGetTransform(this.#catalog, input.transformName);
      for (const id of [input.inputAssetId, input.outputAssetId]) {
        if (id && !getAsset(this.#catalog, id)) throw new CatalogError('not-found', `No asset with id ${id} in the library.`);
      }
      const queued = insertJob(this.#catalog, input);
      this.#onTransition(queued, 'Queued');
      return queued;
    });
    this.#emit({ type: 'state', job });
    this.#pump();
    return job;
  }

  /**
   * Queued → Canceled at once; Processing → the runner's signal is aborted and the job becomes
   * Canceled when the runner returns. Resolves with the job in its final state.
   */
  async cancel(jobId: string): Promise<Job> {
    const running = this.#running.get(jobId);
    if (running) {
      running.stopReason ??= 'cancel';
      running.controller.abort();
      await running.settled;
      return mustGetJob(this.#catalog, jobId);
    }
    const job = this.#catalog.transaction(() => {
      const current = mustGetJob(this.#catalog, jobId);
      if (current.state === 'Canceled') return null;
      if (current.state !== 'Queued') {
        throw new CatalogError('conflict', `This job is already ${current.state}; only queued or running jobs can be canceled.`);
      }
      transitionJob(this.#catalog, jobId, ['Queued'], 'Canceled');
      this.#onTransition(current, 'Canceled');
      return mustGetJob(this.#catalog, jobId);
    });
    if (!job) return mustGetJob(this.#catalog, jobId);
    this.#emit({ type: 'state', job });
    this.#pump();
    return job;
  }

  /** Queues a new attempt of a job that ended in Error or Canceled (same transform, input and output). */
  retry(jobId: string): Job {
    const job = this.#catalog.transaction(() => {
      const failed = mustGetJob(this.#catalog, jobId);
      if (failed.state !== 'Error' && failed.state !== 'Canceled') {
        throw new CatalogError('conflict', `Only a job that failed or was canceled can be retried; this one is ${failed.state}.`);
      }
      if (failed.error && !failed.error.retryable) {
        throw new CatalogError('conflict', `This job cannot be retried as is: ${failed.error.message}`);
      }
      const pending = listJobs(this.#catalog).find(
        (j) => j.retryOf === jobId && (j.state === 'Queued' || j.state === 'Processing'),
      );
      if (pending) throw new CatalogError('conflict', `This job is already being retried (job ${pending.id}).`);
      const again = insertJob(this.#catalog, {
        transformName: failed.transformName,
        inputAssetId: failed.inputAssetId,
        inputFile: failed.inputFile,
        outputAssetId: failed.outputAssetId,
        retryOf: failed.id,
        videoEncoder: failed.videoEncoder,
        measureQuality: failed.measureQuality,
        burnSubtitles: failed.burnSubtitles,
      });
      this.#onTransition(again, 'Queued');
      return again;
    });
    this.#emit({ type: 'state', job });
    this.#pump();
    return job;
  }

  /** Resolves when nothing runs and nothing is queued (or the queue is not started and nothing runs). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops taking jobs and aborts the running ones, which end as interrupted errors (retryable);
   * queued jobs stay queued for the next start.
   */
  async close(): Promise<void> {
    this.#closing = true;
    this.#started = false;
    const running = [...this.#running.values()];
    for (const r of running) {
      r.stopReason ??= 'shutdown';
      r.controller.abort();
    }
    await Promise.all(running.map((r) => r.settled));
  }

  #isIdle(): boolean {
    if (this.#running.size > 0) return false;
    return !this.#started || nextQueuedJob(this.#catalog) === null;
  }

  #emit(event: JobEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('job queue listener failed:', err);
      }
    }
  }

  #pump(): void {
    if (this.#started && !this.#closing) {
      const limit = this.concurrency;
      while (this.#running.size < limit) {
        const job = this.#claimNext();
        if (!job) break;
        this.#run(job);
      }
    }
    if (this.#isIdle()) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  #claimNext(): Job | null {
    return this.#catalog.transaction(() => {
      const next = nextQueuedJob(this.#catalog);
      if (!next) return null;
      transitionJob(this.#catalog, next.id, ['Queued'], 'Processing', { progress: { percent: 0 }, error: null });
      this.#onTransition(next, 'Processing');
      return mustGetJob(this.#catalog, next.id);
    });
  }

  #run(job: Job): void {
    const controller = new AbortController();
    const log = new LogTail(job.logTail);
    let progress: JobProgress = job.progress ?? { percent: 0 };
    const writer = new ThrottledWriter<null>(this.#progressIntervalMs, () => {
      try {
        updateJobProgress(this.#catalog, job.id, progress, log.toString());
      } catch (err) {
        this.#emit({ type: 'storage-error', jobId: job.id, message: (err as Error).message });
      }
    });
    const context: JobContext = {
      signal: controller.signal,
      onProgress: (p) => {
        progress = p;
        this.#emit({ type: 'progress', jobId: job.id, progress: p });
        writer.push(null);
      },
      onLog: (line) => {
        log.push(line);
        this.#emit({ type: 'log', jobId: job.id, line: redactSecrets(line) });
        writer.push(null);
      },
    };
    let resolveSettled = (): void => undefined;
    const entry: Running = {
      controller,
      settled: new Promise<void>((r) => (resolveSettled = r)),
      stopReason: null,
    };
    this.#running.set(job.id, entry);
    this.#emit({ type: 'state', job });

    void Promise.resolve()
      .then(() => this.#runner(job, context))
      .then(
        () => null,
        (err: unknown) => err ?? new Error('the job failed without a reason'),
      )
      .then((failure) => {
        writer.cancel();
        let state: JobState;
        let error: JobError | null = null;
        if (entry.stopReason === 'shutdown') {
          state = 'Error';
          error = INTERRUPTED_ERROR;
        } else if (entry.stopReason === 'cancel') {
          state = 'Canceled';
        } else if (failure === null) {
          state = 'Finished';
          progress = { ...progress, percent: 100 };
        } else {
          state = 'Error';
          error = toJobError(failure);
        }
        this.#finish(job, state, error, progress, log.toString());
      })
      .finally(() => {
        this.#running.delete(job.id);
        resolveSettled();
        this.#pump();
      });
  }

  #finish(job: Job, state: JobState, error: JobError | null, progress: JobProgress, logTail: string): void {
    try {
      const final = this.#catalog.transaction(() => {
        transitionJob(this.#catalog, job.id, ['Processing'], state, { error, progress, logTail });
        this.#onTransition(job, state);
        return getJob(this.#catalog, job.id);
      });
      if (final) this.#emit({ type: 'state', job: final });
    } catch (err) {
      // The row stays Processing; the next start's recoverOnStart marks it interrupted.
      this.#emit({ type: 'storage-error', jobId: job.id, message: (err as Error).message });
    }
  }
}
