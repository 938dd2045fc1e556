import { redactSecrets } from '../../../packaging-core/index.ts';
import type { Job } from '../catalog/types.ts';
import type { JobEvent } from '../jobs/job-queue.ts';
import type { JobLogStore } from '../jobs/job-log-store.ts';
import { studioLine } from '../encoding/encode-log.ts';
import type { JobEventLog } from './job-events.ts';

function elapsed(job: Job): string {
  if (!job.startedAt || !job.endedAt) return '';
  const s = Math.max(0, Math.round((Date.parse(job.endedAt) - Date.parse(job.startedAt)) / 1000));
  return ` after ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function headerOf(job: Job): string[] {
  const input = job.inputFile ?? `asset ${job.inputAssetId ?? '?'}`;
  return [
    studioLine(`job ${job.id} started ${job.startedAt ?? new Date().toISOString()}: ${job.transformName} on ${input}`),
    ...(job.retryOf ? [studioLine(`retry of job ${job.retryOf}`)] : []),
    studioLine(`video encoder: ${job.videoEncoder ?? 'libx264 (software)'}`),
  ];
}

function footerOf(job: Job): string[] {
  switch (job.state) {
    case 'Finished':
      return [studioLine(`finished${elapsed(job)}; output asset ${job.outputAssetId ?? '-'}`)];
    case 'Canceled':
      return [studioLine(`canceled${elapsed(job)}; partial outputs removed`)];
    case 'Error':
      return [studioLine(`failed${elapsed(job)}: ${job.error?.message ?? 'unknown error'}`)];
    default:
      return [];
  }
}

/**
 * Routes the queue's events: state and progress to the `jobs.events` buffer, log lines into the job's
 * stored log (framed by when and how the job started and ended) and, numbered, to the live viewers.
 */
export function routeJobEvents(logs: JobLogStore, events: JobEventLog): (event: JobEvent) => void {
  const write = (jobId: string, raw: readonly string[]): void => {
    // Tokens in input URLs, command lines or error messages never reach the stored or the live log.
    const lines = raw.map(redactSecrets);
    const first = logs.append(jobId, lines);
    if (first !== null) events.pushLog(jobId, first, lines);
  };
  return (event) => {
    if (event.type === 'log') return write(event.jobId, [event.line]);
    const job = event.type === 'state' ? event.job : null;
    // The last lines go out before the final state, so a viewer that stops there has the whole log.
    if (job && job.state !== 'Queued' && job.state !== 'Processing') {
      write(job.id, footerOf(job));
      logs.end(job.id);
    }
    events.push(event);
    if (job?.state === 'Processing') {
      logs.start(job.id);
      write(job.id, headerOf(job));
    }
  };
}
