import { useState } from 'react';
import type { AssetFilesData } from '@contract';
import { formatBytes } from '../../lib/format.ts';

/** Rows shown before "Show all": an encoded asset has a dozen files, and its URLs come below. */
const COLLAPSED_ROWS = 3;

export function FilesTable({ files, sourceFile }: { files: AssetFilesData | null; sourceFile: string | null }) {
  const [all, setAll] = useState(false);
  const list = files?.files ?? [];
  const total = list.reduce((s, f) => s + f.bytes, 0);
  const shown = all ? list : list.slice(0, COLLAPSED_ROWS);
  return (
    <>
      <table className="table" data-testid="files-table">
        <thead>
          <tr>
            <th>File</th>
            <th className="num">Size</th>
          </tr>
        </thead>
        <tbody>
          {sourceFile && (
            <tr>
              <td className="wrap">
                {sourceFile} <span className="muted">(source, by reference)</span>
              </td>
              <td />
            </tr>
          )}
          {shown.map((f) => (
            <tr key={f.name}>
              <td className="wrap">{f.name}</td>
              <td className="num">{formatBytes(f.bytes)}</td>
            </tr>
          ))}
        </tbody>
        {list.length > 1 && (
          <tfoot>
            <tr>
              <td>{list.length} files</td>
              <td className="num">{formatBytes(total)}</td>
            </tr>
          </tfoot>
        )}
      </table>
      {list.length > COLLAPSED_ROWS && (
        <button type="button" className="link-button files-toggle" data-testid="files-toggle" aria-expanded={all} onClick={() => setAll((a) => !a)}>
          {all ? 'Show fewer files' : `Show all ${list.length} files`}
        </button>
      )}
    </>
  );
}
