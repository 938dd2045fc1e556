import './protection.css';
import { useState } from 'react';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { restrictionLabel } from './policy-notes.ts';
import { randomSecret } from './random-secret.ts';

type Kind = 'open' | 'token';
type Algorithm = 'HS256' | 'RS256';

/** Content key policies: who may get a protected locator's key. The predefined open one cannot go. */
export function KeyPoliciesPanel() {
  const client = useClient();
  const toasts = useToasts();
  const [version, setVersion] = useState(0);
  const list = useCall('contentKeyPolicies.list', {}, version);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('token');
  const [issuer, setIssuer] = useState('https://sts.example.com');
  const [audience, setAudience] = useState('urn:origin-studio');
  const [algorithm, setAlgorithm] = useState<Algorithm>('HS256');
  const [secret, setSecret] = useState('');
  const [pem, setPem] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const restriction =
        kind === 'open'
          ? { kind: 'open' as const }
          : {
              kind: 'token' as const,
              issuer: issuer.trim(),
              audience: audience.trim(),
              algorithm,
              verificationKey: algorithm === 'HS256' ? secret.trim() : pem.trim(),
            };
      const p = await client.call('contentKeyPolicies.create', { name: name.trim(), restriction });
      toasts.show('info', `Created content key policy "${p.name}".`);
      setName('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = (n: string) =>
    client.call('contentKeyPolicies.delete', { name: n }).then(
      () => setVersion((v) => v + 1),
      (err: unknown) => toasts.show('error', errorText(err)),
    );

  return (
    <section aria-labelledby="key-policies-title" data-testid="key-policies-panel">
      <h3 id="key-policies-title">Content key policies</h3>
      {list.error && (
        <p role="alert" className="error-text">
          {list.error}
        </p>
      )}
      <table className="table compact" data-testid="key-policies-table">
        <tbody>
          {list.data?.map((p) => (
            <tr key={p.name} data-testid="key-policy-row" data-policy-name={p.name}>
              <th scope="row">
                <code>{p.name}</code>
              </th>
              <td className="small">
                {restrictionLabel(p.restriction)}
                {p.restriction.kind === 'token' && (
                  <span className="muted"> · audience {p.restriction.audience}</span>
                )}
              </td>
              <td>
                {!p.builtin && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(p.name)}
                    aria-label={`Delete key policy ${p.name}`}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="filter-fieldset key-policy-form">
        <legend>New content key policy</legend>
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. my-sts" />
        </label>
        <div className="row">
          <label className="field inline">
            <input type="radio" name="key-kind" checked={kind === 'open'} onChange={() => setKind('open')} />{' '}
            Open (no token)
          </label>
          <label className="field inline">
            <input
              type="radio"
              name="key-kind"
              checked={kind === 'token'}
              onChange={() => setKind('token')}
            />{' '}
            Token (JWT)
          </label>
        </div>
        {kind === 'token' && (
          <>
            <label className="field">
              Issuer
              <input value={issuer} onChange={(e) => setIssuer(e.target.value)} />
            </label>
            <label className="field">
              Audience
              <input value={audience} onChange={(e) => setAudience(e.target.value)} />
            </label>
            <label className="field inline">
              Algorithm
              <select
                value={algorithm}
                onChange={(e) => setAlgorithm(e.target.value === 'RS256' ? 'RS256' : 'HS256')}
              >
                <option value="HS256">HS256 (shared secret)</option>
                <option value="RS256">RS256 (public key)</option>
              </select>
            </label>
            {algorithm === 'HS256' ? (
              <label className="field">
                Secret{' '}
                <span className="muted small">
                  (base64, at least 32 bytes; the studio can then sign test tokens)
                </span>
                <span className="row">
                  <input
                    value={secret}
                    onChange={(e) => setSecret(e.target.value)}
                    autoComplete="off"
                    className="grow"
                  />
                  <button type="button" onClick={() => setSecret(randomSecret())}>
                    Generate
                  </button>
                </span>
              </label>
            ) : (
              <label className="field">
                Public key or certificate (PEM)
                <textarea
                  rows={5}
                  value={pem}
                  onChange={(e) => setPem(e.target.value)}
                  placeholder="-----BEGIN PUBLIC KEY-----"
                />
              </label>
            )}
          </>
        )}
        {error && (
          <p role="alert" className="error-text" data-testid="key-policy-error">
            {error}
          </p>
        )}
        <div className="row">
          <button
            type="button"
            className="primary"
            disabled={busy || !name.trim()}
            onClick={() => void create()}
          >
            Create policy
          </button>
        </div>
      </fieldset>
    </section>
  );
}
