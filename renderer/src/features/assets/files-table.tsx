import type { AssetFilesData } from '@contract';
import { formatBytes } from '../../lib/format.ts';

export function FilesTable({ files, sourceFile }: { files: AssetFilesData | null; sourceFile: string | null }) {
  const list = files?.files ?? [];
  const total = list.reduce((s, f) => s + f.bytes, 0);
  return (
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
        {list.map((f) => (
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
  );
}
