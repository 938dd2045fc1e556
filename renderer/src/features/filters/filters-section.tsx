import './filters.css';
import { useState } from 'react';
import type { FilterData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { describeDefinition } from './filter-form.ts';
import { FilterEditor } from './filter-editor.tsx';

/**
 * The filters of one scope: an asset (its own and the account filters it can use) or the account
 * (`assetId` null). New filters are made in that scope; each keeps its own scope when edited.
 */
export function FiltersSection({
  assetId,
  previewAssetId,
  onChanged,
}: {
  assetId: string | null;
  previewAssetId: string | null;
  onChanged?: () => void;
}) {
  const client = useClient();
  const toasts = useToasts();
  const [version, setVersion] = useState(0);
  const list = useCall('filters.list', assetId ? { assetId } : {}, version);
  const [editing, setEditing] = useState<FilterData | 'new' | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const filters = (list.data ?? []).filter((f) => assetId !== null || f.assetId === null);
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };

  const remove = async (f: FilterData) => {
    setDeleteError(null);
    try {
      await client.call('filters.delete', { name: f.name, assetId: f.assetId });
      toasts.show('info', `Deleted filter "${f.name}".`);
      changed();
    } catch (err) {
      setDeleteError(`Could not delete "${f.name}": ${errorText(err)}`);
    }
  };

  return (
    <section aria-labelledby="filters-title" data-testid="filters-section">
      <div className="row">
        <h3 id="filters-title">{assetId ? 'Filters' : 'Account filters'}</h3>
        <button type="button" onClick={() => setEditing('new')} disabled={editing !== null}>
          New filter…
        </button>
      </div>
      {list.error && (
        <p role="alert" className="error-text">
          {list.error}
        </p>
      )}
      {deleteError && (
        <p role="alert" className="error-text" data-testid="filter-delete-error">
          {deleteError}
        </p>
      )}
      {filters.length === 0 && editing === null && (
        <p className="muted small">No filters. A filter trims the time range or the tracks a URL serves.</p>
      )}
      {filters.length > 0 && (
        <table className="table compact" data-testid="filters-table">
          <tbody>
            {filters.map((f) => (
              <tr key={`${f.assetId ?? ''}/${f.name}`} data-testid="filter-row" data-filter-name={f.name}>
                <th scope="row">
                  <code>{f.name}</code>
                </th>
                <td className="small">{f.assetId === null ? 'account' : 'asset'}</td>
                <td className="small">{describeDefinition(f.definition)}</td>
                <td className="row">
                  <button
                    type="button"
                    onClick={() => setEditing(f)}
                    disabled={editing !== null}
                    aria-label={`Edit filter ${f.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(f)}
                    aria-label={`Delete filter ${f.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing !== null && (
        <FilterEditor
          key={editing === 'new' ? 'new' : `${editing.assetId ?? ''}/${editing.name}`}
          assetId={editing === 'new' ? assetId : editing.assetId}
          previewAssetId={previewAssetId}
          initial={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(f) => {
            setEditing(null);
            toasts.show('info', `Saved filter "${f.name}".`);
            changed();
          }}
        />
      )}
    </section>
  );
}
