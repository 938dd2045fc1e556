import type { FilterPreviewData } from '@contract';
import { formatKbps } from '../../lib/format.ts';
import type { PreviewState } from './use-filter-preview.ts';

type Track = FilterPreviewData['video'][number];

function trackLabel(t: Track): string {
  return t.kind === 'video' ? `${t.width ?? '?'}×${t.height ?? '?'}` : t.language || t.name;
}

/**
 * What viewers would get: the kept video rungs (manifest order, so a firstQuality rung comes first),
 * audio tracks and time range, or the
 * origin's refusal. `onExclude` lets a rung be dropped from the ladder with one click.
 */
export function PreviewLadder({
  preview,
  onExclude,
}: {
  preview: PreviewState;
  onExclude?: (t: Track) => void;
}) {
  const p = preview.data;
  return (
    <section
      className="filter-preview"
      aria-labelledby="preview-title"
      data-testid="filter-preview"
      data-loading={preview.loading}
    >
      <h4 id="preview-title">Preview {preview.loading && <span className="muted small">updating…</span>}</h4>
      {preview.error && (
        <p role="alert" className="error-text small">
          {preview.error}
        </p>
      )}
      {p?.refusal && (
        <p role="alert" className="error-text" data-testid="preview-refusal">
          The origin would refuse these filters: {p.refusal}
        </p>
      )}
      {p && !p.refusal && (
        <>
          <p className="num" data-testid="preview-range">
            {p.startSec.toFixed(1)} s – {p.endSec.toFixed(1)} s · {p.durationSec.toFixed(1)} s · {p.fragments}{' '}
            fragments
          </p>
          <table className="table compact">
            <tbody>
              {p.video.map((t) => (
                <tr key={t.name + t.bitrate} data-testid="preview-video-rung" data-bitrate={t.bitrate}>
                  <th scope="row">Video</th>
                  <td className="num">{trackLabel(t)}</td>
                  <td className="num">{formatKbps(t.bitrate)}</td>
                  <td className="small">{t.codec}</td>
                  <td>
                    {onExclude && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => onExclude(t)}
                        aria-label={`Exclude ${trackLabel(t)} ${formatKbps(t.bitrate)}`}
                      >
                        Exclude
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {p.audio.map((t) => (
                <tr key={t.name + t.bitrate} data-testid="preview-audio">
                  <th scope="row">Audio</th>
                  <td>{trackLabel(t)}</td>
                  <td className="num">{formatKbps(t.bitrate)}</td>
                  <td className="small">{t.codec}</td>
                  <td />
                </tr>
              ))}
              {p.removed.map((t) => (
                <tr key={`removed ${t.name} ${t.bitrate}`} className="muted" data-testid="preview-removed">
                  <th scope="row">
                    <s>{t.kind === 'video' ? 'Video' : 'Audio'}</s>
                  </th>
                  <td>
                    <s>{trackLabel(t)}</s>
                  </td>
                  <td className="num">
                    <s>{formatKbps(t.bitrate)}</s>
                  </td>
                  <td className="small">removed</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
