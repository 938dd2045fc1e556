import type { LocatorPathsData } from '@contract';
import { CopyButton } from '../../components/copy-button.tsx';
import { FORMATS } from '../../lib/format-labels.ts';

function UrlTable({ rows }: { rows: readonly { label: string; url: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <table className="table compact">
      <tbody>
        {rows.map((r) => (
          <tr key={r.url}>
            <th scope="row">{r.label}</th>
            <td className="url">
              <code data-testid="url">{r.url}</code>
            </td>
            <td>
              <CopyButton text={r.url} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A locator's URLs: the six formats its policy enables and its download URLs, each copyable. The
 * caller gives the manifest URLs with any picked `filter=` already inside their parentheses.
 */
export function UrlsPanel({ paths }: { paths: LocatorPathsData }) {
  const streaming = FORMATS.flatMap((f) => (paths.urls[f.key] ? [{ label: f.label, url: paths.urls[f.key] ?? '' }] : []));
  const downloads = paths.downloads.map((url) => ({ label: 'Download', url }));
  const rows = [...streaming, ...downloads];
  const all = rows.map((r) => `${r.label}\t${r.url}`).join('\n');
  return (
    <div className="urls-panel" data-testid="urls-panel">
      <div className="row">
        <h3>URLs</h3>
        <CopyButton text={all} label="Copy all" />
      </div>
      {rows.length === 0 && <p className="muted">This locator's policy enables no format.</p>}
      <UrlTable rows={streaming} />
      {/* Every file of the asset is a download URL: listed on request, so the player stays close. */}
      {downloads.length > 0 && (
        <details className="downloads" open={streaming.length === 0}>
          <summary>
            Download URLs ({downloads.length})
          </summary>
          <UrlTable rows={downloads} />
        </details>
      )}
    </div>
  );
}
