import type { ToolStatus } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { AmsApiSettings } from './ams-api-settings.tsx';
import { EncodersTable } from './encoders-table.tsx';

function ToolRow({ name, tool }: { name: string; tool: ToolStatus }) {
  return (
    <tr data-testid={`tool-${name}`}>
      <th scope="row">{name}</th>
      <td>{tool.path ? <code>{tool.path}</code> : <span className="error-text">not found</span>}</td>
      <td>{tool.version ?? '—'}</td>
      <td>{tool.source ?? '—'}</td>
      <td className="error-text small">{tool.error ?? ''}</td>
    </tr>
  );
}

/** Where the library is, which ffmpeg/ffprobe the studio runs, how many jobs at once. */
export function SettingsPanel() {
  const client = useClient();
  const toasts = useToasts();
  const settings = useCall('settings.get', {});
  const s = settings.data;
  const setConcurrency = async (n: number) => {
    try {
      await client.call('settings.set', { jobConcurrency: n });
      settings.reload();
    } catch (err) {
      toasts.show('error', errorText(err));
    }
  };
  return (
    <section className="view" aria-labelledby="settings-title" data-testid="settings-panel">
      <h2 id="settings-title">Settings</h2>
      {settings.error && <p role="alert" className="error-text">{settings.error}</p>}
      {s && (
        <>
          <dl className="facts">
            <dt>Library folder</dt>
            <dd>
              <code>{s.libraryDir}</code>
            </dd>
          </dl>
          <h3>Tools</h3>
          <table className="table">
            <thead>
              <tr>
                <th>Tool</th>
                <th>Path</th>
                <th>Version</th>
                <th>Found via</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <ToolRow name="ffmpeg" tool={s.ffmpeg} />
              <ToolRow name="ffprobe" tool={s.ffprobe} />
            </tbody>
          </table>
          <EncodersTable />
          <label className="field inline">
            Jobs at once
            <select value={s.jobConcurrency} onChange={(e) => void setConcurrency(Number(e.target.value))}>
              {[1, 2, 3, 4, 6, 8].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <AmsApiSettings />
        </>
      )}
    </section>
  );
}
