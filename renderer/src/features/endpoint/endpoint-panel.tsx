import { useState } from 'react';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { ipAllowFromText, ipAllowToText } from './ip-allow-text.ts';
import { RequestLog } from './request-log.tsx';

/**
 * The streaming endpoint: running or not, where, its CORS and caching settings, the IP allow list
 * (AMS's access control: clients outside it get 403), the host name published URLs use, the request log.
 */
export function EndpointPanel() {
  const client = useClient();
  const toasts = useToasts();
  const status = useCall('endpoint.status', {});
  const settings = useCall('endpoint.settings.get', {});
  const [cors, setCors] = useState<string | null>(null);
  const [maxAge, setMaxAge] = useState<string | null>(null);
  const [allow, setAllow] = useState<string | null>(null);
  const [hostName, setHostName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (op: 'endpoint.start' | 'endpoint.stop') => {
    setBusy(true);
    try {
      await client.call(op, {});
      status.reload();
    } catch (err) {
      toasts.show('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!settings.data) return;
    setBusy(true);
    try {
      const origins = (cors ?? settings.data.corsOrigins.join(', '))
        .split(/[\s,]+/)
        .filter(Boolean);
      const age = (maxAge ?? String(settings.data.maxAgeSec ?? '')).trim();
      const rules = allow === null ? null : ipAllowFromText(allow);
      if (rules && 'error' in rules) {
        toasts.show('error', rules.error);
        return;
      }
      const name = (hostName ?? settings.data.hostName ?? '').trim();
      await client.call('endpoint.settings.set', {
        corsOrigins: origins,
        maxAgeSec: age === '' ? null : Number(age),
        hostName: name === '' ? null : name,
        ...(rules && { ipAllow: rules }),
      });
      settings.reload();
      status.reload();
      setCors(null);
      setMaxAge(null);
      setAllow(null);
      setHostName(null);
      toasts.show('info', 'Endpoint settings saved.');
    } catch (err) {
      toasts.show('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const s = status.data;
  return (
    <section className="view" aria-labelledby="endpoint-title" data-testid="endpoint-panel">
      <div className="toolbar">
        <h2 id="endpoint-title">Streaming endpoint</h2>
        {s && <StateBadge state={s.state} />}
        <span className="num">{s?.listening ? `${s.listening.host}:${s.listening.port}` : ''}</span>
        <span className="spacer" />
        <button type="button" onClick={() => void act('endpoint.start')} disabled={busy || s?.state === 'Running'}>
          Start
        </button>
        <button type="button" onClick={() => void act('endpoint.stop')} disabled={busy || s?.state !== 'Running'}>
          Stop
        </button>
      </div>
      {status.error && <p role="alert" className="error-text">{status.error}</p>}
      {s?.url && (
        <p>
          Base URL: <code>{s.url}</code>
        </p>
      )}
      {s?.notice && <p className="warning">{s.notice}</p>}
      {settings.data && (
        <div className="form-grid">
          <label className="field">
            CORS origins <span className="muted small">(comma separated; empty or * = any)</span>
            <input value={cors ?? settings.data.corsOrigins.join(', ')} onChange={(e) => setCors(e.target.value)} />
          </label>
          <label className="field">
            Cache max-age (s) <span className="muted small">(empty = default)</span>
            <input type="number" min={0} value={maxAge ?? String(settings.data.maxAgeSec ?? '')} onChange={(e) => setMaxAge(e.target.value)} />
          </label>
          <label className="field">
            Host name in published URLs <span className="muted small">(e.g. media.example.com or https://cdn.example.com; empty = this address)</span>
            <input
              data-testid="host-name"
              value={hostName ?? settings.data.hostName ?? ''}
              placeholder={s?.listening ? `${s.listening.host}:${s.listening.port}` : ''}
              onChange={(e) => setHostName(e.target.value)}
            />
          </label>
          <label className="field">
            IP allow list{' '}
            <span className="muted small">(one a line: address or address/prefix, then a name; empty = every client)</span>
            <textarea
              data-testid="ip-allow"
              rows={3}
              spellCheck={false}
              value={allow ?? ipAllowToText(settings.data.ipAllow)}
              placeholder={'127.0.0.1 this machine\n192.168.1.0/24 office'}
              onChange={(e) => setAllow(e.target.value)}
            />
          </label>
          <div className="row end">
            <button
              type="button"
              className="primary"
              onClick={() => void save()}
              disabled={busy || (cors === null && maxAge === null && allow === null && hostName === null)}
            >
              Save
            </button>
          </div>
        </div>
      )}
      <h3>Requests</h3>
      <RequestLog />
    </section>
  );
}
