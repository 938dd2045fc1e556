import { describe, expect, it } from 'vitest';
import { getAsset, insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { getJob, listJobs } from '../../../../electron/studio/catalog/jobs-repo.ts';
import type { Catalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { recoverOnStart } from '../../../../electron/studio/catalog/recover-on-start.ts';
import { upsertTransform } from '../../../../electron/studio/catalog/transforms-repo.ts';
import type { Job } from '../../../../electron/studio/catalog/types.ts';
import { outputAssetTransitions } from '../../../../electron/studio/app/encode-runner.ts';
import { JobQueue, type JobContext, type JobEvent } from '../../../../electron/studio/jobs/job-queue.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();

/** A runner the test drives: each started job waits until the test finishes or fails it. */
function controlledRunner() {
  const started: Array<{ job: Job; ctx: JobContext; finish(): void; fail(err: unknown): void }> = [];
  const waiters: Array<() => void> = [];
  const runner = (job: Job, ctx: JobContext) =>
    new Promise<void>((resolve, reject) => {
      started.push({ job, ctx, finish: resolve, fail: reject });
      for (const w of waiters.splice(0)) w();
    });
  const startedCount = async (n: number) => {
    while (started.length < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { runner, started, startedCount };
}

/** A runner that honours its abort signal the way the encoder does (kill ffmpeg, reject). */
function abortable(ctx: JobContext): Promise<void> {
  return new Promise((_, reject) => {
    ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
  });
}

function setup(c: Catalog) {
  upsertTransform(c, { name: 'T', definition: {} });
  return (n = 1) =>
    Array.from({ length: n }, (_, i) => {
      const out = insertAsset(c, { name: `out${i}` });
      return { transformName: 'T', inputFile: `/in/${i}.mov`, outputAssetId: out.id };
    });
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('JobQueue', () => {
  it('runs a job to Finished, recording progress, log and the output asset state', async () => {
    const c = libs.open();
    const [input] = setup(c)();
    const events: JobEvent[] = [];
    const q = new JobQueue(c, {
      onTransition: outputAssetTransitions(c),
      runner: async (_job, ctx) => {
        ctx.onLog('ffmpeg version 5.1');
        ctx.onProgress({ percent: 50, stage: 'encoding' });
        await settle();
      },
    });
    q.on((e) => events.push(e));
    q.start();
    const job = q.enqueue(input!);
    expect(job.state).toBe('Queued');
    await q.idle();
    const done = getJob(c, job.id);
    expect(done).toMatchObject({ state: 'Finished', error: null, progress: { percent: 100, stage: 'encoding' }, logTail: 'ffmpeg version 5.1' });
    expect(done?.startedAt).not.toBeNull();
    expect(done?.endedAt).not.toBeNull();
    expect(getAsset(c, input!.outputAssetId)?.state).toBe('Finished');
    expect(events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.job.state)).toEqual([
      'Queued',
      'Processing',
      'Finished',
    ]);
    expect(events.some((e) => e.type === 'progress' && e.progress.percent === 50)).toBe(true);
  });

  it('records a failure as Error with the error kind, code and message', async () => {
    const c = libs.open();
    const [input] = setup(c)();
    class EncodeError extends Error {
      readonly code = 'ffmpeg-exit';
      constructor(m: string) {
        super(m);
        this.name = 'EncodeError';
      }
    }
    const q = new JobQueue(c, {
      onTransition: outputAssetTransitions(c),
      runner: async () => Promise.reject(new EncodeError('ffmpeg exited with code 1: Invalid data')),
    });
    q.start();
    const job = q.enqueue(input!);
    await q.idle();
    expect(getJob(c, job.id)).toMatchObject({
      state: 'Error',
      error: { kind: 'EncodeError', code: 'ffmpeg-exit', message: 'ffmpeg exited with code 1: Invalid data', retryable: true },
    });
    expect(getAsset(c, input!.outputAssetId)?.state).toBe('Error');
  });

  it('a runner that throws synchronously is an Error, not a crash', async () => {
    const c = libs.open();
    const [input] = setup(c)();
    const q = new JobQueue(c, {
      runner: () => {
        throw new TypeError('bad preset');
      },
    });
    q.start();
    const job = q.enqueue(input!);
    await q.idle();
    expect(getJob(c, job.id)?.error).toMatchObject({ kind: 'TypeError', message: 'bad preset' });
  });

  it('cancels a queued job at once and a running one through its abort signal', async () => {
    const c = libs.open();
    const [a, b] = setup(c)(2);
    let signal: AbortSignal | undefined;
    const q = new JobQueue(c, {
      onTransition: outputAssetTransitions(c),
      runner: (_job, ctx) => {
        signal = ctx.signal;
        return abortable(ctx);
      },
    });
    q.start();
    const running = q.enqueue(a!);
    const queued = q.enqueue(b!);
    await settle();
    expect(getJob(c, running.id)?.state).toBe('Processing');
    expect(getJob(c, queued.id)?.state).toBe('Queued');

    expect((await q.cancel(queued.id)).state).toBe('Canceled');
    expect(getAsset(c, b!.outputAssetId)?.state).toBe('Error');
    expect(signal?.aborted).toBe(false);

    const canceled = await q.cancel(running.id);
    expect(signal?.aborted).toBe(true);
    expect(canceled).toMatchObject({ state: 'Canceled', error: null });
    expect(canceled.endedAt).not.toBeNull();
    await q.idle();
    expect((await q.cancel(running.id)).state).toBe('Canceled');
    await expect(q.cancel('nope')).rejects.toThrow(/No job with id nope/);
  });

  it('cannot cancel a finished job', async () => {
    const c = libs.open();
    const [a] = setup(c)();
    const q = new JobQueue(c, { runner: async () => undefined });
    q.start();
    const job = q.enqueue(a!);
    await q.idle();
    await expect(q.cancel(job.id)).rejects.toThrow(/already Finished/);
  });

  it('retries an Error or Canceled job as a new Queued attempt', async () => {
    const c = libs.open();
    const [a] = setup(c)();
    let attempts = 0;
    const q = new JobQueue(c, {
      onTransition: outputAssetTransitions(c),
      runner: async () => {
        attempts++;
        if (attempts === 1) throw new Error('transient');
      },
    });
    q.start();
    const first = q.enqueue(a!);
    await q.idle();
    expect(getJob(c, first.id)?.state).toBe('Error');
    const second = q.retry(first.id);
    expect(second).toMatchObject({ state: 'Queued', retryOf: first.id, transformName: 'T', inputFile: a!.inputFile, outputAssetId: a!.outputAssetId });
    expect(() => q.retry(first.id)).toThrow(/already being retried/);
    await q.idle();
    expect(getJob(c, second.id)?.state).toBe('Finished');
    expect(getJob(c, first.id)?.state).toBe('Error');
    expect(getAsset(c, a!.outputAssetId)?.state).toBe('Finished');
    expect(() => q.retry(second.id)).toThrow(/this one is Finished/);
  });

  it('runs one job at a time by default and two with concurrency 2', async () => {
    const c = libs.open();
    const inputs = setup(c)(4);
    const ctl = controlledRunner();
    const q = new JobQueue(c, { runner: ctl.runner });
    expect(q.concurrency).toBe(1);
    const jobs = inputs.map((i) => q.enqueue(i));
    q.start();
    await ctl.startedCount(1);
    await settle();
    expect(ctl.started).toHaveLength(1);
    expect(listJobs(c, { state: 'Processing' })).toHaveLength(1);
    expect(ctl.started[0]?.job.id).toBe(jobs[0]?.id);

    q.setConcurrency(2);
    await ctl.startedCount(2);
    await settle();
    expect(ctl.started).toHaveLength(2);
    expect(listJobs(c, { state: 'Processing' }).map((j) => j.id)).toEqual([jobs[0]?.id, jobs[1]?.id]);

    ctl.started[0]?.finish();
    await ctl.startedCount(3);
    await settle();
    expect(listJobs(c, { state: 'Processing' })).toHaveLength(2);
    expect(ctl.started[2]?.job.id).toBe(jobs[2]?.id);
    for (const s of ctl.started.slice(1)) s.finish();
    await ctl.startedCount(4);
    ctl.started[3]?.finish();
    await q.idle();
    expect(listJobs(c).map((j) => j.state)).toEqual(['Finished', 'Finished', 'Finished', 'Finished']);
    expect(() => q.setConcurrency(0)).toThrow(/whole number from 1/);
  });

  it('survives a restart: queued jobs resume, a job left Processing becomes interrupted and retryable', async () => {
    const dir = libs.dir();
    const c1 = libs.open(dir);
    const inputs = setup(c1)(3);
    const q1 = new JobQueue(c1, { runner: (_job, ctx) => abortable(ctx) });
    const jobs = inputs.map((i) => q1.enqueue(i));
    q1.start();
    await settle();
    expect(getJob(c1, jobs[0]!.id)?.state).toBe('Processing');
    // Simulate a kill: the process dies with the job Processing (no close()).
    c1.close();

    const c2 = libs.open(dir);
    expect(recoverOnStart(c2).interruptedJobs).toEqual([jobs[0]!.id]);
    const ran: string[] = [];
    const q2 = new JobQueue(c2, { runner: async (job) => void ran.push(job.id) });
    q2.start();
    await q2.idle();
    expect(ran).toEqual([jobs[1]!.id, jobs[2]!.id]);
    expect(getJob(c2, jobs[0]!.id)?.error?.kind).toBe('interrupted');
    const again = q2.retry(jobs[0]!.id);
    await q2.idle();
    expect(getJob(c2, again.id)?.state).toBe('Finished');
  });

  it('close() interrupts running jobs (retryable) and leaves queued ones for the next start', async () => {
    const c = libs.open();
    const [a, b] = setup(c)(2);
    const q = new JobQueue(c, { runner: (_job, ctx) => abortable(ctx) });
    q.start();
    const running = q.enqueue(a!);
    const queued = q.enqueue(b!);
    await settle();
    await q.close();
    expect(getJob(c, running.id)).toMatchObject({ state: 'Error', error: { kind: 'interrupted', retryable: true } });
    expect(getJob(c, queued.id)?.state).toBe('Queued');
  });

  it('throttles progress writes to one per interval per job, keeping the latest', async () => {
    const c = libs.open();
    const [a] = setup(c)();
    const ctl = controlledRunner();
    const q = new JobQueue(c, { runner: ctl.runner, progressWriteIntervalMs: 200 });
    let writes = 0;
    c.db.function('count_progress_write', () => ++writes);
    c.db.exec(`CREATE TEMP TRIGGER count_writes AFTER UPDATE OF progress ON jobs BEGIN SELECT count_progress_write(); END`);
    q.start();
    const job = q.enqueue(a!);
    await ctl.startedCount(1);
    const before = writes;
    const ctx = ctl.started[0]!.ctx;
    for (let i = 1; i <= 100; i++) ctx.onProgress({ percent: i / 2 });
    expect(writes - before).toBe(1);
    expect(getJob(c, job.id)?.progress?.percent).toBe(0.5);
    await new Promise((r) => setTimeout(r, 300));
    expect(writes - before).toBe(2);
    expect(getJob(c, job.id)?.progress?.percent).toBe(50);
    ctl.started[0]!.finish();
    await q.idle();
    expect(getJob(c, job.id)?.progress?.percent).toBe(100);
  });

  it('writes only job rows itself: other rows follow a job through its transition hook, in the same transaction', async () => {
    const c = libs.open();
    const [a, b] = setup(c)(2);
    const seen: string[] = [];
    const q = new JobQueue(c, { runner: async () => undefined, onTransition: (job, state) => void seen.push(`${job.outputAssetId}:${state}`) });
    q.enqueue(a!);
    expect(q.activeJobs()).toBe(1);
    q.start();
    await q.idle();
    expect(q.activeJobs()).toBe(0);
    expect(getAsset(c, a!.outputAssetId)?.state).toBe('Pending');
    expect(seen).toEqual([`${a!.outputAssetId}:Queued`, `${a!.outputAssetId}:Processing`, `${a!.outputAssetId}:Finished`]);
    const failing = new JobQueue(c, {
      runner: async () => undefined,
      onTransition: () => {
        throw new Error('hook refused');
      },
    });
    expect(() => failing.enqueue(b!)).toThrow(/hook refused/);
    expect(listJobs(c).filter((j) => j.outputAssetId === b!.outputAssetId)).toEqual([]);
  });

  it('rejects a job without input or with an unknown transform', () => {
    const c = libs.open();
    setup(c);
    const q = new JobQueue(c, { runner: async () => undefined });
    expect(() => q.enqueue({ transformName: 'T' })).toThrow(/needs an input/);
    expect(() => q.enqueue({ transformName: 'Nope', inputFile: '/a' })).toThrow(/No transform named "Nope"/);
    expect(() => q.enqueue({ transformName: 'T', inputFile: '/a', outputAssetId: 'missing' })).toThrow(/No asset with id missing/);
  });
});
