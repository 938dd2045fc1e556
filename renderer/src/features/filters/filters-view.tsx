import { useState } from 'react';
import { useCall } from '../../lib/use-call.ts';
import { FiltersSection } from './filters-section.tsx';

/** Account filters: usable by every asset, previewed on the asset the user picks. */
export function FiltersView() {
  const assets = useCall('assets.list', {});
  const published = (assets.data ?? []).filter((a) => a.ismName && a.state === 'Finished');
  const [chosen, setChosen] = useState<string>('');
  const previewAssetId = chosen || published[0]?.id || null;
  return (
    <section className="view" data-testid="filters-view">
      <h2>Filters</h2>
      <p className="muted small">
        Account filters apply to any asset by name (<code>manifest(format=…,filter=name)</code>); an asset's
        own filter of the same name wins. Asset filters are edited on the asset's page.
      </p>
      <label className="field inline">
        Preview on
        <select
          value={previewAssetId ?? ''}
          onChange={(e) => setChosen(e.target.value)}
          disabled={published.length === 0}
        >
          {published.length === 0 && <option value="">no encoded asset</option>}
          {published.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      {assets.error && (
        <p role="alert" className="error-text">
          {assets.error}
        </p>
      )}
      <FiltersSection assetId={null} previewAssetId={previewAssetId} />
    </section>
  );
}
