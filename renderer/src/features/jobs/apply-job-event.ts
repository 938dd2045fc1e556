import type { JobData, JobEventData } from '@contract';

/** Folds one `jobs.events` event into the job list (newest first, as jobs.list returns them). */
export function applyJobEvent(jobs: readonly JobData[], event: JobEventData): JobData[] {
  switch (event.type) {
    case 'state': {
      const i = jobs.findIndex((j) => j.id === event.job.id);
      if (i < 0) return [event.job, ...jobs];
      const next = [...jobs];
      next[i] = event.job;
      return next;
    }
    case 'progress':
      return jobs.map((j) => (j.id === event.jobId ? { ...j, progress: event.progress } : j));
    case 'storage-error':
      return [...jobs];
    case 'log':
      return jobs as JobData[];
  }
}
