import type { LocatorData } from '../../../../electron/studio/api/contract.ts';
import { useClient } from '../../app/client-context.ts';
import { useCall } from '../../app/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { formatDate } from '../../lib/format.ts';
import { PlayerPanel } from '../player/player-panel.tsx';
import { UrlsPanel } from './urls-panel.tsx';

/** The chosen locator's URLs and the player over them. */
function LocatorUrls({ locator }: { locator: LocatorData }) {
  const paths = useCall('locators.paths', { id: locator.id });
  if (paths.error) return <p role="alert" className="error-text">{paths.error}</p>;
  if (!paths.data) return <p className="muted">Loading URLs…</p>;
  return (
    <>
      {locator.status !== 'active' && <p className="error-text">This locator is {locator.status}: its URLs answer 404 now.</p>}
      <PlayerPanel key={locator.id} urls={paths.data.urls} />
      <UrlsPanel paths={paths.data} />
    </>
  );
}

export function LocatorSection({
  locators,
  selected,
  onSelect,
  onChanged,
}: {
  locators: readonly LocatorData[];
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
              <th />
              <th>Locator</th>
              <th>Policy</th>
              <th>Valid</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {locators.map((l) => (
              <tr key={l.id} data-testid="locator-row">
                <td>
                  <input type="radio" name="locator" aria-label={`Show ${l.name}`} checked={current?.id === l.id} onChange={() => onSelect(l.id)} />
                </td>
                <td>
                  <code className="small">{l.id}</code>
                  {l.name && l.name !== l.id && <div className="small">{l.name}</div>}
                </td>
                <td className="small">{l.policyName}</td>
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
      {current && <LocatorUrls key={current.id} locator={current} />}
    </section>
  );
}
