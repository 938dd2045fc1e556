import { useMemo, useState } from 'react';
import type { FilterData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { errorText } from '../../lib/api-error.ts';
import {
  emptyForm,
  excludeBitrate,
  NAME,
  PROPERTIES,
  toDefinition,
  toForm,
  type ConditionForm,
  type FilterForm,
  type Property,
} from './filter-form.ts';
import { PreviewLadder } from './preview-ladder.tsx';
import { useFilterPreview } from './use-filter-preview.ts';
import { FormActions } from '../../components/form-actions.tsx';

const PLACEHOLDERS: Record<Property, string> = {
  Type: 'video, audio or text',
  Name: 'e.g. aac_eng_2_128000',
  Language: 'e.g. en, fra',
  FourCC: 'avc1, mp4a',
  Bitrate: 'b/s, or a range 0-600000',
};

const newCondition = (): ConditionForm => ({ property: 'Type', operation: 'Equal', value: '' });

/**
 * Create or edit one filter (asset filter when `assetId`, else account filter) with the ladder it
 * leaves beside it, recomputed by the origin as the form changes. `previewAssetId` is the asset the
 * preview runs on (an account filter has none of its own).
 */
export function FilterEditor({
  assetId,
  previewAssetId,
  initial,
  onSaved,
  onCancel,
}: {
  assetId: string | null;
  previewAssetId: string | null;
  initial: FilterData | null;
  onSaved: (f: FilterData) => void;
  onCancel: () => void;
}) {
  const client = useClient();
  const [form, setForm] = useState<FilterForm>(() =>
    initial ? toForm(initial.name, initial.definition) : emptyForm,
  );
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = useMemo(() => toDefinition(form), [form]);
  const nameBad = form.name !== '' && !NAME.test(form.name);
  const previewFilters = useMemo(
    () =>
      parsed.ok
        ? [{ name: NAME.test(form.name) ? form.name : 'preview', definition: parsed.definition }]
        : null,
    [parsed, form.name],
  );
  const preview = useFilterPreview(previewAssetId, previewFilters);

  const set = (patch: Partial<FilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const setGroup = (gi: number, g: readonly ConditionForm[]) =>
    set({ groups: form.groups.map((x, i) => (i === gi ? g : x)).filter((x) => x.length > 0) });
  const setCondition = (gi: number, ci: number, patch: Partial<ConditionForm>) =>
    setGroup(
      gi,
      (form.groups[gi] ?? []).map((c, i) => (i === ci ? { ...c, ...patch } : c)),
    );

  const save = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    setSaveError(null);
    try {
      onSaved(await client.call('filters.save', { name: form.name, assetId, definition: parsed.definition }));
    } catch (err) {
      setSaveError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div className="filter-editor" data-testid="filter-editor">
      <div className="filter-form">
        <label className="field">
          Filter name <span className="muted small">(used in URLs as filter=name)</span>
          <input
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            disabled={initial !== null}
            aria-invalid={nameBad}
            placeholder="e.g. first-minute"
          />
        </label>
        {nameBad && <p className="error-text small">Use letters, digits, - _ or . (up to 128).</p>}
        <fieldset className="filter-fieldset">
          <legend>Time range (seconds on the asset's timeline; widened to whole fragments)</legend>
          <div className="row">
            <label className="field inline">
              Start
              <input
                type="number"
                min={0}
                step="any"
                value={form.startSec}
                onChange={(e) => set({ startSec: e.target.value })}
                placeholder="start"
              />
            </label>
            <label className="field inline">
              End
              <input
                type="number"
                min={0}
                step="any"
                value={form.endSec}
                onChange={(e) => set({ endSec: e.target.value })}
                placeholder="end"
              />
            </label>
          </div>
        </fieldset>
        <fieldset className="filter-fieldset">
          <legend>Tracks (a track is kept when it meets every condition of any one selection)</legend>
          {form.groups.length === 0 && <p className="muted small">All tracks are kept.</p>}
          {form.groups.map((g, gi) => (
            <div key={gi} className="track-group" data-testid="track-group">
              {gi > 0 && <div className="muted small">or</div>}
              {g.map((c, ci) => (
                <div key={ci} className="row" data-testid="track-condition">
                  <span className="muted small condition-join">{ci === 0 ? 'Keep if' : 'and'}</span>
                  <select
                    aria-label="Property"
                    value={c.property}
                    onChange={(e) => setCondition(gi, ci, { property: e.target.value as Property })}
                  >
                    {PROPERTIES.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                  <select
                    aria-label="Operation"
                    value={c.operation}
                    onChange={(e) =>
                      setCondition(gi, ci, {
                        operation: e.target.value === 'NotEqual' ? 'NotEqual' : 'Equal',
                      })
                    }
                  >
                    <option value="Equal">is</option>
                    <option value="NotEqual">is not</option>
                  </select>
                  <input
                    aria-label="Value"
                    value={c.value}
                    placeholder={PLACEHOLDERS[c.property]}
                    onChange={(e) => setCondition(gi, ci, { value: e.target.value })}
                  />
                  <button
                    type="button"
                    className="icon-button"
                    aria-label="Remove condition"
                    onClick={() =>
                      setGroup(
                        gi,
                        g.filter((_, i) => i !== ci),
                      )
                    }
                  >
                    ×
                  </button>
                </div>
              ))}
              <button type="button" className="small" onClick={() => setGroup(gi, [...g, newCondition()])}>
                + and…
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ groups: [...form.groups, [newCondition()]] })}>
            + Track selection
          </button>
        </fieldset>
        <label className="field">
          First quality <span className="muted small">(b/s; the rung HLS players start with)</span>
          <input
            type="number"
            min={1}
            value={form.firstQualityBitrate}
            onChange={(e) => set({ firstQualityBitrate: e.target.value })}
            placeholder="none"
          />
        </label>
        {!parsed.ok && (
          <p role="alert" className="error-text small" data-testid="filter-form-error">
            {parsed.error}
          </p>
        )}
        <FormActions
          error={saveError}
          errorTestId="filter-save-error"
          onCancel={onCancel}
          action="Save filter"
          disabled={busy || !parsed.ok || !NAME.test(form.name)}
          onAction={() => void save()}
          end={false}
        />
      </div>
      {previewAssetId ? (
        <PreviewLadder preview={preview} onExclude={(t) => setForm((f) => excludeBitrate(f, t.bitrate))} />
      ) : (
        <p className="muted">Choose an asset to preview the filter on.</p>
      )}
    </div>
  );
}
