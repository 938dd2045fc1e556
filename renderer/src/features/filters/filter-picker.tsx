import './filters.css';
import type { FilterData } from '@contract';

export const MAX_FILTERS = 3;

/**
 * Up to three filters, in the order picked (it is the order in `filter=a;b`, and the composition is
 * an intersection, so the order only shows, it does not change the result).
 */
export function FilterPicker({
  filters,
  value,
  onChange,
  label = 'Filters',
}: {
  filters: readonly FilterData[];
  value: readonly string[];
  onChange: (names: string[]) => void;
  label?: string;
}) {
  const names = [...new Set(filters.map((f) => f.name))];
  return (
    <fieldset className="filter-picker" data-testid="filter-picker">
      <legend>
        {label} <span className="muted small">(up to {MAX_FILTERS})</span>
      </legend>
      {names.length === 0 && <span className="muted small">No filters for this asset.</span>}
      {names.map((n) => {
        const on = value.includes(n);
        return (
          <label key={n} className="field inline">
            <input
              type="checkbox"
              checked={on}
              disabled={!on && value.length >= MAX_FILTERS}
              onChange={() => onChange(on ? value.filter((v) => v !== n) : [...value, n])}
            />
            <code>{n}</code>
          </label>
        );
      })}
    </fieldset>
  );
}
