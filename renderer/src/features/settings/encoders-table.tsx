import { useEncoders } from '../encode/use-encoders.ts';
import { plainEncoderReason } from '../encode/encoder-reason.ts';

/** The video encoders of the current ffmpeg and whether each passed its trial encode on this machine. */
export function EncodersTable() {
  const { data, error } = useEncoders();
  return (
    <>
      <h3>Video encoders</h3>
      {error && <p role="alert" className="error-text">{error}</p>}
      {data?.detecting && <p className="muted small">Detecting hardware encoders (a short trial encode each)…</p>}
      {data?.error && <p role="alert" className="error-text small">{data.error}</p>}
      {data && (
        <table className="table" data-testid="encoders-table">
          <thead>
            <tr>
              <th>Encoder</th>
              <th>Kind</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data.encoders.map((e) => (
              <tr key={e.name} data-testid={`encoder-${e.name}`}>
                <th scope="row">
                  {e.label} <code>{e.name}</code>
                  {e.default && <span className="badge">default</span>}
                </th>
                <td>{e.hardware ? 'hardware' : 'software'}</td>
                <td className="small">
                  {e.available ? (
                    'available'
                  ) : (
                    <>
                      <span data-testid="encoder-reason">{plainEncoderReason(e.name, e.reason)}</span>
                      {e.reason && (
                        <details className="raw-reason">
                          <summary>ffmpeg's message</summary>
                          <code data-testid="encoder-raw-reason">{e.reason}</code>
                        </details>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
