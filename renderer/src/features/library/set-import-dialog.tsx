import type { SetLadderData } from '@contract';
import { Dialog } from '../../components/dialog.tsx';
import { formatsLine, ladderRows } from './set-drop.ts';

/** What a dropped ABR set holds, before anything is imported: one table per set found. */
export function SetImportDialog({
  ladders,
  onImport,
  onSeparately,
  onClose,
  busy,
}: {
  ladders: readonly SetLadderData[];
  onImport: () => void;
  /** Import each file as its own (mezzanine) asset instead; absent for a .ism or folder. */
  onSeparately?: () => void;
  onClose: () => void;
  busy: boolean;
}) {
  return (
    <Dialog title={ladders.length === 1 ? `Import “${ladders[0]!.name}” as one asset` : `Import ${ladders.length} assets`} onClose={onClose} wide testId="set-import-dialog">
      {ladders.map((ladder) => {
        const formats = formatsLine(ladder);
        return (
          <section key={ladder.name} aria-label={ladder.name}>
            {ladders.length > 1 && <h3>{ladder.name}</h3>}
            <p className="muted small">
              {ladder.ismName} · {ladder.durationSec.toFixed(1)} s · no re-encode
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th>Track</th>
                  <th>Codec</th>
                  <th>kb/s</th>
                  <th>File</th>
                </tr>
              </thead>
              <tbody>
                {ladderRows(ladder).map((row, i) => (
                  <tr key={i}>
                    <td>
                      {row.kind} {row.label}
                    </td>
                    <td>{row.codec}</td>
                    <td>{row.kbps}</td>
                    <td>
                      {row.file}
                      {row.note && <span className="muted small"> ({row.note})</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small">Served as {formats.served}.{formats.notServed && ` Not in ${formats.notServed}: its codecs do not go there.`}</p>
          </section>
        );
      })}
      <div className="row end">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        {onSeparately && (
          <button type="button" onClick={onSeparately} disabled={busy}>
            Import each file separately
          </button>
        )}
        <button type="button" className="primary" onClick={onImport} disabled={busy}>
          {busy ? 'Importing…' : ladders.length === 1 ? 'Import as one asset' : `Import ${ladders.length} assets`}
        </button>
      </div>
    </Dialog>
  );
}
