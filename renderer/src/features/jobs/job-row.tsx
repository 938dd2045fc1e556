import { useEffect, useState } from 'react';
import type { JobData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { formatDuration } from '../../lib/format.ts';
import { JobLog } from './job-log.tsx';
import { JobResult } from './job-result.tsx';

function percentOf(job: JobData): number {
  if (job.state === 'Finished') return 100;
  return job.progress?.percent ?? 0;
}

/** Seconds from the job's start to its end (or to now while it runs), ticking once a second. */
function useElapsed(job: JobData): number | null {
  const running = job.state === 'Processing';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!job.startedAt) return null;
  const end = job.endedAt ? Date.parse(job.endedAt) : now;
  return Math.max(0, (end - Date.parse(job.startedAt)) / 1000);
}

const timeOf = (iso: string | null): string => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

/**
 * One job: state, the input and transform names in full, progress with fps, speed, elapsed and a
 * steady ETA in fixed-width cells, start time, cancel/retry, the output asset, and the live log.
 */
export function JobRow({ job, inputName, outputName, onOpenAsset }: { job: JobData; inputName: string; outputName: string | null; onOpenAsset: (id: string) => void }) {
  const client = useClient();
  const toasts = useToasts();
  const [showLog, setShowLog] = useState(false);
  const [showResult, setShowResult] = useState(false);
  const percent = percentOf(job);
  const elapsed = useElapsed(job);
  const active = job.state === 'Processing' || job.state === 'Queued';
  const running = job.state === 'Processing';
  const p = job.progress;
  const act = (op: 'jobs.cancel' | 'jobs.retry') =>
    client.call(op, { id: job.id }).catch((err: unknown) => toasts.show('error', errorText(err)));
  return (
    <li className={`job job-${job.state.toLowerCase()}`} data-testid="job" data-job-id={job.id} data-state={job.state}>
      <div className="job-head">
        <StateBadge state={job.state} />
        <span className="job-title">
          {inputName} <span className="muted">→ {job.transformName}</span>
        </span>
      </div>
      <ProgressBar percent={percent} label={`Progress of ${inputName}`} />
      <div className="job-stats num">
        <span data-testid="job-percent">{percent.toFixed(1)} %</span>
        <span title="frames encoded per second">{running && p?.fps !== undefined ? `${Math.round(p.fps)} fps` : ''}</span>
        <span title="encode speed (× real time)">{running && p?.speed !== undefined ? `${p.speed.toFixed(2)}×` : ''}</span>
        <span data-testid="job-eta">{running ? `ETA ${p?.etaSec !== undefined ? formatDuration(p.etaSec) : '…'}` : ''}</span>
      </div>
      <div className="job-times muted small num">
        {job.startedAt && <span>started {timeOf(job.startedAt)}</span>}
        {elapsed !== null && <span data-testid="job-elapsed">{running ? 'elapsed' : 'took'} {formatDuration(elapsed)}</span>}
        {running && p?.stage && <span>{p.stage}</span>}
        {job.state === 'Queued' && <span>waiting for a free slot</span>}
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
        <button type="button" aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
          {showLog ? 'Hide log' : 'Log'}
        </button>
        {job.state === 'Finished' && job.outputAssetId && (
          <button type="button" aria-expanded={showResult} onClick={() => setShowResult((s) => !s)}>
            {showResult ? 'Hide result' : 'Plan vs result'}
          </button>
        )}
        {job.state === 'Finished' && job.outputAssetId && (
          <button type="button" className="link-button" data-testid="job-output" onClick={() => onOpenAsset(job.outputAssetId ?? '')}>
            Open {outputName ?? 'output'}
          </button>
        )}
      </div>
      {showResult && <JobResult job={job} />}
      {showLog && <JobLog jobId={job.id} />}
    </li>
  );
}
