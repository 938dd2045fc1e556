import { useState } from 'react';
import type { JobData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { formatDuration } from '../../lib/format.ts';

function percentOf(job: JobData): number {
  if (job.state === 'Finished') return 100;
  return job.progress?.percent ?? 0;
}

/** One job: state, progress with speed and ETA in fixed-width cells, cancel/retry, the log tail. */
export function JobRow({ job, inputName }: { job: JobData; inputName: string }) {
  const client = useClient();
  const toasts = useToasts();
  const [log, setLog] = useState<string | null>(null);
  const percent = percentOf(job);
  const active = job.state === 'Processing' || job.state === 'Queued';
  const act = (op: 'jobs.cancel' | 'jobs.retry') =>
    client.call(op, { id: job.id }).catch((err: unknown) => toasts.show('error', errorText(err)));
  const toggleLog = async () => {
    if (log !== null) return setLog(null);
    try {
      const fresh = await client.call('jobs.get', { id: job.id });
      setLog(fresh.logTail || '(no output yet)');
    } catch (err) {
      setLog(errorText(err));
    }
  };
  return (
    <li className={`job job-${job.state.toLowerCase()}`} data-testid="job" data-job-id={job.id} data-state={job.state}>
      <div className="job-head">
        <StateBadge state={job.state} />
        <span className="job-title" title={`${inputName} → ${job.transformName}`}>
          {inputName} <span className="muted">→ {job.transformName}</span>
        </span>
      </div>
      <ProgressBar percent={percent} label={`Progress of ${inputName}`} />
      <div className="job-stats num">
        <span data-testid="job-percent">{percent.toFixed(1)} %</span>
        <span>{job.progress?.speed !== undefined && active ? `${job.progress.speed.toFixed(2)}×` : ''}</span>
        <span>{job.progress?.etaSec !== undefined && active ? `ETA ${formatDuration(job.progress.etaSec)}` : ''}</span>
        <span className="muted">{active ? (job.progress?.stage ?? '') : ''}</span>
      </div>
      {job.error && (
        <p className="error-text small" role="status">
          {job.error.message}
        </p>
      )}
      <div className="row">
        {active && (
          <button type="button" onClick={() => void act('jobs.cancel')}>
            Cancel
          </button>
        )}
        {(job.state === 'Error' || job.state === 'Canceled') && (
          <button type="button" onClick={() => void act('jobs.retry')}>
            Retry
          </button>
        )}
        <button type="button" aria-expanded={log !== null} onClick={() => void toggleLog()}>
          {log === null ? 'Log' : 'Hide log'}
        </button>
      </div>
      {log !== null && <pre className="log-tail">{log}</pre>}
    </li>
  );
}
