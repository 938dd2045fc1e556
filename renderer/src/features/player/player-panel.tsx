import { useState } from 'react';
import type { LocatorPathsData } from '@contract';
import { FORMATS, type FormatKey } from '../../lib/format-labels.ts';
import type { CatalogRung } from './catalog-ladder.ts';
import { CheckAll } from './check-all.tsx';
import type { DrmOptions } from './drm-options.ts';
import { FormatPlayer } from './format-player.tsx';

/** One tab per format the locator serves; only the open tab plays. `drm` for protected locators. */
/** `ladder`: the asset's rungs as the catalog has them, so every format names a rung alike. */
export function PlayerPanel({ urls, drm = null, ladder = [] }: { urls: LocatorPathsData['urls']; drm?: DrmOptions | null; ladder?: readonly CatalogRung[] }) {
  const formats = FORMATS.filter((f) => urls[f.key]);
  const [tab, setTab] = useState<FormatKey | null>(null);
  const current = formats.find((f) => f.key === tab);
  return (
    <section className="player-panel" aria-labelledby="player-title">
      <h3 id="player-title">Preview</h3>
      <div className="tabs">
        {/* Only tabs inside the tablist (ARIA): Stop sits beside it. */}
        <div role="tablist" className="tab-list" aria-label="Format">
          {formats.map((f) => (
            <button key={f.key} type="button" role="tab" aria-selected={f.key === tab} data-testid={`tab-${f.key}`} onClick={() => setTab(f.key)}>
              {f.label}
            </button>
          ))}
        </div>
        {tab && (
          <button type="button" onClick={() => setTab(null)}>
            Stop
          </button>
        )}
      </div>
      <div role="tabpanel">
        {current ? <FormatPlayer key={`${current.key} ${drm?.token ?? ''}`} format={current.key} url={urls[current.key] ?? ''} drm={drm} ladder={ladder} /> : <p className="muted">Choose a format to play it.</p>}
      </div>
      <CheckAll urls={urls} drm={drm} />
    </section>
  );
}
