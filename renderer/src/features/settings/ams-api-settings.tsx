import { useState } from 'react';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';

/**
 * The AMS v3 management API toggle: on, the studio serves AMS SDK code over HTTPS (and again at every
 * launch). Shows the endpoint and the certificate to trust, and copies a bearer token on request.
 */
export function AmsApiSettings() {
  const client = useClient();
  const toasts = useToasts();
  const status = useCall('amsApi.status', {});
  const [busy, setBusy] = useState(false);
  const s = status.data;
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    try {
      await client.call('amsApi.set', { enabled });
    } catch (err) {
      toasts.show('error', errorText(err));
    } finally {
      setBusy(false);
      status.reload();
    }
  };
  const copyToken = async () => {
    try {
      const { token } = await client.call('amsApi.token', {});
      await navigator.clipboard.writeText(token);
      toasts.show('info', 'A bearer token for the AMS API (valid 24 h) is on the clipboard.');
    } catch (err) {
      toasts.show('error', errorText(err));
    }
  };
  return (
    <section aria-labelledby="ams-api-title" data-testid="ams-api-settings">
      <h3 id="ams-api-title">AMS v3 API</h3>
      {s && (
        <>
          <label className="field inline">
            <input type="checkbox" checked={s.enabled} disabled={busy} onChange={(e) => void toggle(e.target.checked)} />
            Serve the Azure Media Services v3 management API (HTTPS) on {s.host}:{s.port}
          </label>
          {s.error && <p role="alert" className="error-text">{s.error}</p>}
          {s.url && (
            <dl className="facts">
              <dt>Endpoint</dt>
              <dd>
                <code>{s.url}</code>
              </dd>
              <dt>Certificate to trust</dt>
              <dd>
                <code>{s.certFile}</code>
              </dd>
            </dl>
          )}
          {s.enabled && (
            <button type="button" onClick={() => void copyToken()}>
              Copy token
            </button>
          )}
        </>
      )}
    </section>
  );
}
