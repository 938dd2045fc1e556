import type { AssetData } from '@contract';
import { useJobs } from './job-feed-context.ts';
import { JobRow } from './job-row.tsx';

export function JobsPanel({ assets }: { assets: readonly AssetData[] }) {
  const { jobs, error, storageError } = useJobs();
  const names = new Map(assets.map((a) => [a.id, a.name]));
  const nameOf = (id: string | null, file: string | null) => (id ? (names.get(id) ?? 'deleted asset') : (file?.split(/[\\/]/).pop() ?? '?'));
  return (
    <aside className="jobs-panel" aria-labelledby="jobs-title" data-testid="jobs-panel">
      <h2 id="jobs-title">Jobs</h2>
      {error && <p role="alert" className="error-text small">{error}</p>}
      {storageError && <p role="alert" className="error-text small">{storageError}</p>}
      {jobs.length === 0 && <p className="muted">No jobs. Open an asset and choose Encode.</p>}
      <ul className="job-list">
        {jobs.map((j) => (
          <JobRow key={j.id} job={j} inputName={nameOf(j.inputAssetId, j.inputFile)} />
        ))}
      </ul>
    </aside>
  );
}
