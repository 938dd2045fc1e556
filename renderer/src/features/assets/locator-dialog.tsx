import { useState } from 'react';
import type { AssetData, LocatorData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { Dialog } from '../../components/dialog.tsx';
import { errorText } from '../../lib/api-error.ts';
import { FilterPicker } from '../filters/filter-picker.tsx';
import { ContentKeyFields, emptyKeyChoice, keyChoiceError, type ContentKeyChoice } from '../protection/content-key-fields.tsx';
import { isProtected, policyNote } from '../protection/policy-notes.ts';
import { FormActions } from '../../components/form-actions.tsx';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `datetime-local` wants local time without a zone; the API wants ISO instants. */
function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function plusYears(fromLocal: string, years: number): string {
  const d = fromLocal ? new Date(fromLocal) : new Date();
  d.setFullYear(d.getFullYear() + years);
  return toLocalInput(d);
}

/**
 * Publish: a streaming locator with a policy, a validity window, optionally a known GUID, filters
 * applied to all its URLs, and for a protected policy the content key (policy, or a key to keep).
 * A protected locator's key id is shown before the dialog closes: it is what a DRM setup needs.
 */
export function LocatorDialog({ asset, onClose, onCreated }: { asset: AssetData; onClose: () => void; onCreated: (l: LocatorData) => void }) {
  const client = useClient();
  const policies = useCall('policies.list', {});
  const filters = useCall('filters.list', { assetId: asset.id });
  const [filterNames, setFilterNames] = useState<string[]>([]);
  const [keyChoice, setKeyChoice] = useState<ContentKeyChoice>(emptyKeyChoice);
  const [created, setCreated] = useState<LocatorData | null>(null);
  const [policy, setPolicy] = useState('Predefined_ClearStreamingOnly');
  const [start, setStart] = useState(() => toLocalInput(new Date()));
  const [end, setEnd] = useState(() => plusYears('', 100));
  const [guid, setGuid] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guidBad = guid.trim() !== '' && !GUID.test(guid.trim());
  const chosen = policies.data?.find((p) => p.name === policy) ?? null;
  const protectedPolicy = chosen !== null && isProtected(chosen.encryptionScheme);
  const keyBad = protectedPolicy && keyChoiceError(keyChoice) !== null;
  const contentKey = {
    ...(keyChoice.policyName && { policyName: keyChoice.policyName }),
    ...(keyChoice.keyId.trim() && { keyId: keyChoice.keyId.trim(), key: keyChoice.key.trim() }),
  };

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const locator = await client.call('locators.create', {
        assetId: asset.id,
        policyName: policy,
        ...(guid.trim() && { id: guid.trim() }),
        ...(name.trim() && { name: name.trim() }),
        ...(start && { start: new Date(start).toISOString() }),
        ...(end && { end: new Date(end).toISOString() }),
        ...(filterNames.length > 0 && { filters: filterNames }),
        ...(protectedPolicy && { contentKey }),
      });
      if (locator.keyId) setCreated(locator);
      else onCreated(locator);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Dialog title={`Published “${asset.name}”`} onClose={() => onCreated(created)} testId="locator-dialog">
        <p>
          Locator <code className="id">{created.id}</code> is protected ({created.policyName}).
        </p>
        <dl className="facts">
          <dt>Key id</dt>
          <dd>
            <code className="id" data-testid="created-key-id">{created.keyId}</code>
          </dd>
          <dt>Key policy</dt>
          <dd>
            <code>{created.contentKeyPolicy ?? '—'}</code>
          </dd>
        </dl>
        <p className="muted small">The key itself stays in the studio: players get it from the origin's key and licence URLs.</p>
        <div className="row end">
          <button type="button" className="primary" onClick={() => onCreated(created)}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Publish “${asset.name}”`} onClose={onClose} testId="locator-dialog">
      <label className="field">
        Streaming policy
        <select value={policy} onChange={(e) => setPolicy(e.target.value)} data-testid="policy-select">
          {policies.data?.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.protocols.join(', ')}){isProtected(p.encryptionScheme) ? ' — encrypted' : ''}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <p className="muted small" data-testid="policy-note">
          {policyNote(chosen)}
        </p>
      )}
      {protectedPolicy && <ContentKeyFields value={keyChoice} onChange={setKeyChoice} />}
      <FilterPicker filters={filters.data ?? []} value={filterNames} onChange={setFilterNames} label="Filters on every URL" />
      <label className="field">
        Start
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label className="field">
        End
        <span className="row">
          <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
          <button type="button" onClick={() => setEnd(plusYears(start, 1))}>
            +1 year
          </button>
          <button type="button" onClick={() => setEnd(plusYears(start, 100))}>
            +100 years
          </button>
        </span>
      </label>
      <label className="field">
        Locator GUID <span className="muted small">(optional: keep an AMS locator's URLs)</span>
        <input value={guid} onChange={(e) => setGuid(e.target.value)} placeholder="generated" aria-invalid={guidBad} />
      </label>
      {guidBad && <p className="error-text small">A GUID looks like 91ab3d5e-0000-4b1e-9f0a-1d2c3b4a5f6e.</p>}
      <label className="field">
        Name <span className="muted small">(optional)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <FormActions error={error} onCancel={onClose} action="Create locator" disabled={busy || guidBad || keyBad} onAction={() => void create()} />
    </Dialog>
  );
}
