import type { LocatorPathsData } from '@contract';
import { CopyButton } from '../../components/copy-button.tsx';
import { FORMATS } from '../../lib/format-labels.ts';

/**
 * A locator's URLs: the six formats its policy enables and its download URLs, each copyable. The
 * caller gives the manifest URLs with any picked `filter=` already inside their parentheses.
 */
export function UrlsPanel({ paths }: { paths: LocatorPathsData }) {
  const rows = [
    ...FORMATS.flatMap((f) => (paths.urls[f.key] ? [{ label: f.label, url: paths.urls[f.key] ?? '' }] : [])),
    ...paths.downloads.map((url) => ({ label: 'Download', url })),
  ];
  const all = rows.map((r) => `${r.label}\t${r.url}`).join('\n');
  return (
    <div className="urls-panel" data-testid="urls-panel">
      <div className="row">
        <h3>URLs</h3>
        <CopyButton text={all} label="Copy all" />
      </div>
      {rows.length === 0 && <p className="muted">This locator's policy enables no format.</p>}
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
    </div>
  );
}
