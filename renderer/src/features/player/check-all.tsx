import { useRef, useState } from 'react';
import type { LocatorPathsData } from '@contract';
import { FORMATS, type FormatKey } from '../../lib/format-labels.ts';
import { checkPlayback, type CheckResult } from './check-playback.ts';
import type { DrmOptions } from './drm-options.ts';
import { engineFor } from './engine-for.ts';

type Cell = CheckResult | 'running' | 'waiting';

/** "Check all": each enabled format plays for a few seconds in turn; a pass/fail matrix results. */
export function CheckAll({ urls, drm = null }: { urls: LocatorPathsData['urls']; drm?: DrmOptions | null }) {
  const video = useRef<HTMLVideoElement>(null);
  const [cells, setCells] = useState<Partial<Record<FormatKey, Cell>>>({});
  const [running, setRunning] = useState(false);
  const formats = FORMATS.filter((f) => urls[f.key]);

  const run = async () => {
    const v = video.current;
    if (!v) return;
    setRunning(true);
    setCells(Object.fromEntries(formats.map((f) => [f.key, 'waiting'])));
    for (const f of formats) {
      setCells((c) => ({ ...c, [f.key]: 'running' }));
      let result: CheckResult;
      try {
        result = await checkPlayback(v, engineFor(f.key, drm), urls[f.key] ?? '');
      } catch (err) {
        result = { ok: false, detail: (err as Error).message };
      }
      setCells((c) => ({ ...c, [f.key]: result }));
    }
    setRunning(false);
  };

  return (
    <section className="check-all" aria-labelledby="check-all-title">
      <div className="row">
        <h3 id="check-all-title">Check all formats</h3>
        <button type="button" onClick={() => void run()} disabled={running || formats.length === 0}>
          {running ? 'Checking…' : 'Check all'}
        </button>
      </div>
      <div className="check-layout">
        <video ref={video} className="video small-video" muted playsInline />
        <table className="table compact" data-testid="check-matrix">
          <tbody>
            {formats.map((f) => {
              const c = cells[f.key];
              const state = c === undefined ? 'idle' : typeof c === 'string' ? c : c.ok ? 'pass' : 'fail';
              return (
                <tr key={f.key} data-testid={`check-${f.key}`} data-result={state}>
                  <th scope="row">{f.label}</th>
                  <td>
                    <span className={`badge badge-${state}`}>{state}</span>
                  </td>
                  <td className="wrap small">{typeof c === 'object' ? c.detail : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
