import { mustGetJob } from '../catalog/jobs-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Job, JobProgress } from '../catalog/types.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

const DONE = new Set(['Finished', 'Error', 'Canceled']);

/** Resolves with the job once it has ended (Finished, Error or Canceled), reporting its progress. */
export function waitForJob(catalog: Catalog, queue: JobQueue, jobId: string, onProgress?: (p: JobProgress) => void): Promise<Job> {
  return new Promise((resolve) => {
    const off = queue.on((e) => {
      if (e.type === 'progress' && e.jobId === jobId) onProgress?.(e.progress);
      if (e.type === 'state' && e.job.id === jobId && DONE.has(e.job.state)) {
        off();
        resolve(e.job);
      }
    });
    // It may have ended before we listened.
    const now = mustGetJob(catalog, jobId);
    if (DONE.has(now.state)) {
      off();
      resolve(now);
    }
  });
}
