import { useMemo, useState } from 'react';
import type { AssetData } from '@contract';
import { sortJobs } from './apply-job-event.ts';
import { useJobs } from './job-feed-context.ts';
import { JobRow } from './job-row.tsx';

const CLEARED_KEY = 'origin-studio.cleared-jobs';

function loadCleared(): Set<string> {
  try {
    const ids = JSON.parse(localStorage.getItem(CLEARED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The job queue as HandBrake shows it: one order live and after a reload (running pinned on top, the
 * queue in run order, then the rest newest first), and "Clear finished" to tidy the list (finished and
 * canceled jobs leave this view only: their records and logs stay in the studio).
 */
export function JobsPanel({ assets, onOpenAsset }: { assets: readonly AssetData[]; onOpenAsset: (id: string) => void }) {
  const { jobs, error, storageError } = useJobs();
  const [cleared, setCleared] = useState(loadCleared);
  const names = new Map(assets.map((a) => [a.id, a.name]));
  const nameOf = (id: string | null, file: string | null) => (id ? (names.get(id) ?? 'deleted asset') : (file?.split(/[\\/]/).pop() ?? '?'));
  const shown = useMemo(() => sortJobs(jobs.filter((j) => !cleared.has(j.id))), [jobs, cleared]);
  const finished = shown.filter((j) => j.state === 'Finished' || j.state === 'Canceled');
  const clearFinished = () => {
    const next = new Set([...cleared, ...finished.map((j) => j.id)]);
    // Only ids of jobs the studio still lists: the stored set cannot grow without bound.
    const known = new Set(jobs.map((j) => j.id));
    const kept = [...next].filter((id) => known.has(id));
    localStorage.setItem(CLEARED_KEY, JSON.stringify(kept));
    setCleared(new Set(kept));
  };
  return (
    <aside className="jobs-panel" aria-labelledby="jobs-title" data-testid="jobs-panel">
      <div className="row">
        <h2 id="jobs-title">Jobs</h2>
        <span className="spacer" />
        {finished.length > 0 && (
          <button type="button" onClick={clearFinished}>
            Clear finished
          </button>
        )}
      </div>
      {error && <p role="alert" className="error-text small">{error}</p>}
      {storageError && <p role="alert" className="error-text small">{storageError}</p>}
      {shown.length === 0 && <p className="muted">No jobs. Open an asset and choose Encode.</p>}
      <ul className="job-list">
        {shown.map((j) => (
          <JobRow
            key={j.id}
            job={j}
            inputName={nameOf(j.inputAssetId, j.inputFile)}
            outputName={j.outputAssetId ? (names.get(j.outputAssetId) ?? null) : null}
            onOpenAsset={onOpenAsset}
          />
        ))}
      </ul>
    </aside>
  );
}
