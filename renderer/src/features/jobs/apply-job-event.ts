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
    case 'changed':
      return jobs as JobData[];
  }
}

const RANK: Record<JobData['state'], number> = { Processing: 0, Queued: 1, Finished: 2, Error: 2, Canceled: 2 };

/**
 * The jobs panel's one order, the same live and after a reload: running jobs pinned on top, then
 * the queue in the order it will run, then the rest newest first. A state change moves a job only
 * between these groups, never within one.
 */
export function sortJobs(jobs: readonly JobData[]): JobData[] {
  return [...jobs].sort((a, b) => {
    const byRank = RANK[a.state] - RANK[b.state];
    if (byRank !== 0) return byRank;
    if (a.state === 'Queued') return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
    if (a.state === 'Processing') return (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.id.localeCompare(b.id);
    return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
  });
}
