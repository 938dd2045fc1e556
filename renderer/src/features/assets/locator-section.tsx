import { useEffect, useMemo, useRef, useState } from 'react';
import type { LocatorData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { formatDate } from '../../lib/format.ts';
import { FilterPicker } from '../filters/filter-picker.tsx';
import { catalogLadder } from '../player/catalog-ladder.ts';
import type { DrmOptions } from '../player/drm-options.ts';
import { PlayerPanel } from '../player/player-panel.tsx';
import { ProtectionBar } from '../protection/protection-bar.tsx';
import { UrlsPanel } from './urls-panel.tsx';

/**
 * The chosen locator's URLs and the player over them. Filters picked here go into the URLs shown,
 * copied and played (on top of the locator's own filters, which the origin always applies).
 */
function LocatorUrls({ locator, reveal }: { locator: LocatorData; reveal: boolean }) {
  const [picked, setPicked] = useState<string[]>([]);
  // The studio writes the URLs, filters included: the renderer does not speak the URL grammar.
  const paths = useCall('locators.paths', picked.length > 0 ? { id: locator.id, filters: picked } : { id: locator.id });
  const filters = useCall('filters.list', { assetId: locator.assetId });
  const files = useCall('assets.files', { id: locator.assetId });
  const shown = useCall('assets.show', { id: locator.assetId, quality: true });
  const ladder = useMemo(() => catalogLadder(files.data, shown.data?.rungs ?? []), [files.data, shown.data]);
  const urlsRef = useRef<HTMLDivElement>(null);
  const loaded = paths.data !== null;
  // A locator just created: bring its URLs into view (they are what the user published it for).
  useEffect(() => {
    if (reveal && loaded) urlsRef.current?.scrollIntoView({ block: 'center' });
  }, [reveal, loaded]);
  const [token, setToken] = useState<string | null>(null);
  const drm = useMemo<DrmOptions | null>(() => (locator.keyId ? { token } : null), [locator.keyId, token]);

  if (!paths.data) return paths.error ? <p role="alert" className="error-text">{paths.error}</p> : <p className="muted">Loading URLs…</p>;
  return (
    <>
      {paths.error && <p role="alert" className="error-text">{paths.error}</p>}
      {locator.status !== 'active' && <p className="error-text">This locator is {locator.status}: its URLs answer 404 now.</p>}
      {locator.keyId && <ProtectionBar locator={locator} token={token} onToken={setToken} />}
      {locator.filters && locator.filters.length > 0 && (
        <p className="small">
          Locator filters (always applied): <code data-testid="locator-filters">{locator.filters.join(';')}</code>
        </p>
      )}
      <FilterPicker filters={filters.data ?? []} value={picked} onChange={setPicked} label="URL filters" />
      <div ref={urlsRef}>
        <UrlsPanel paths={paths.data} />
      </div>
      <PlayerPanel key={locator.id} urls={paths.data.urls} drm={drm} ladder={ladder} />
    </>
  );
}

export function LocatorSection({
  locators,
  selected,
  onSelect,
  onChanged,
  revealed = null,
}: {
  locators: readonly LocatorData[];
  /** A locator just created: selected, its URLs scrolled into view. */
  revealed?: string | null;
  selected: string | null;
  onSelect: (id: string) => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const toasts = useToasts();
  const current = locators.find((l) => l.id === selected) ?? locators[0] ?? null;
  const remove = (l: LocatorData) =>
    client.call('locators.delete', { id: l.id }).then(onChanged, (err: unknown) => toasts.show('error', errorText(err)));
  return (
    <section aria-labelledby="locators-title">
      <h3 id="locators-title">Streaming locators</h3>
      {locators.length === 0 ? (
        <p className="muted">Not published. Use Publish to create a streaming locator.</p>
      ) : (
        <table className="table compact" data-testid="locators-table">
          <thead>
            <tr>
              <th>
                <span className="sr-only">Preview</span>
              </th>
              <th>Locator</th>
              <th>Policy</th>
              <th>Key id</th>
              <th>Valid</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {locators.map((l) => (
              <tr key={l.id} data-testid="locator-row">
                <td>
                  <input type="radio" name="locator" aria-label={`Show ${l.name}`} checked={current?.id === l.id} onChange={() => onSelect(l.id)} />
                </td>
                <td>
                  <code className="small id">{l.id}</code>
                  {l.name && l.name !== l.id && <div className="small">{l.name}</div>}
                </td>
                <td className="small">
                  {l.policyName}
                  {l.filters && l.filters.length > 0 && <div className="muted">filter={l.filters.join(';')}</div>}
                </td>
                <td className="small">{l.keyId ? (
                    <code className="id" data-testid="locator-row-key-id" title={l.keyId}>
                      {l.keyId.slice(0, 8)}…
                    </code>
                  ) : (
                    <span className="muted">clear</span>
                  )}</td>
                <td className="small num">
                  {formatDate(l.start)} → {formatDate(l.end)}
                </td>
                <td>
                  <StateBadge state={l.status} />
                </td>
                <td>
                  <button type="button" onClick={() => void remove(l)} aria-label={`Delete locator ${l.id}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && <LocatorUrls key={current.id} locator={current} reveal={current.id === revealed} />}
    </section>
  );
}
