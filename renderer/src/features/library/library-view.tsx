import { useMemo, useState } from 'react';
import type { AssetData } from '@contract';
import { useJobs } from '../jobs/job-feed-context.ts';
import { AssetCard } from './asset-card.tsx';
import { useCall } from '../../lib/use-call.ts';
import { assetBadge, assetNote } from './asset-badge.ts';
import { assetDurations } from './asset-duration.ts';
import { filterAndSortAssets, type AssetSort } from './sort-assets.ts';

export function LibraryView({ assets, error, onOpen }: { assets: readonly AssetData[] | null; error: string | null; onOpen: (id: string) => void }) {
  const { jobs } = useJobs();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<AssetSort>('newest');
  const shown = useMemo(() => filterAndSortAssets(assets ?? [], query, sort), [assets, query, sort]);
  const durations = useMemo(() => assetDurations(assets ?? [], jobs), [assets, jobs]);
  // Reloads on the studio's locator changes (useCall), so the Published mark follows publishing.
  const locators = useCall('locators.list', {});
  const published = useMemo(() => new Set((locators.data ?? []).filter((l) => l.status === 'active').map((l) => l.assetId)), [locators.data]);
  return (
    <section aria-labelledby="library-title" className="view">
      <div className="toolbar">
        <h2 id="library-title">Library</h2>
        <input type="search" placeholder="Search assets" aria-label="Search assets" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as AssetSort)}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="name">Name</option>
            <option value="duration">Duration</option>
          </select>
        </label>
        <span className="muted num" data-testid="asset-count">
          {assets ? `${shown.length} of ${assets.length}` : ''}
        </span>
      </div>
      {error && <p role="alert" className="error-text">{error}</p>}
      {assets && assets.length === 0 && (
        <div className="empty">
          <p>No assets yet.</p>
          <p className="muted">Drop a video anywhere in this window, or use Import…</p>
        </div>
      )}
      <ul className="asset-grid">
        {shown.map((a) => (
          <AssetCard key={a.id} asset={a} badge={assetBadge(a, jobs)} note={assetNote(a, jobs)} published={published.has(a.id)} durationSec={durations.get(a.id)} onOpen={() => onOpen(a.id)} />
        ))}
      </ul>
    </section>
  );
}
