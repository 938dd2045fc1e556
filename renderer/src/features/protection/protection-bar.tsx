import './protection.css';
import { useState } from 'react';
import type { LocatorData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { errorText } from '../../lib/api-error.ts';
import { restrictionLabel } from './policy-notes.ts';

const TEST_TOKEN_SEC = 3600;

/**
 * A protected locator above its player: the key id, the key policy, and for a token policy the
 * token the player sends (typed, pasted, or for HS256 signed by the studio as a test token).
 */
export function ProtectionBar({
  locator,
  token,
  onToken,
}: {
  locator: LocatorData;
  token: string | null;
  onToken: (t: string | null) => void;
}) {
  const client = useClient();
  const policies = useCall('contentKeyPolicies.list', {});
  const policy = policies.data?.find((p) => p.name === locator.contentKeyPolicy) ?? null;
  const [draft, setDraft] = useState(token ?? '');
  const [error, setError] = useState<string | null>(null);
  const [expires, setExpires] = useState<string | null>(null);
  const needsToken = policy?.restriction.kind === 'token';

  const makeTestToken = async () => {
    if (!locator.contentKeyPolicy) return;
    setError(null);
    try {
      const t = await client.call('contentKeyPolicies.testToken', {
        name: locator.contentKeyPolicy,
        locatorId: locator.id,
        expiresInSec: TEST_TOKEN_SEC,
      });
      setDraft(t.token);
      setExpires(t.expiresAt);
      onToken(t.token);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="protection-bar" data-testid="protection-bar">
      <div className="row small">
        <strong>Protected</strong>
        <span>
          Key id <code className="id" data-testid="locator-key-id">{locator.keyId}</code>
        </span>
        <span>
          · key policy <code>{locator.contentKeyPolicy ?? '?'}</code>
          {policy && <span className="muted"> ({restrictionLabel(policy.restriction)})</span>}
        </span>
      </div>
      {needsToken && (
        <>
          <div className="row">
            <label className="field inline grow">
              Token
              <input
                className="grow"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && onToken(draft.trim() || null)}
                placeholder="JWT sent as Authorization: Bearer on licence and key requests"
                autoComplete="off"
                data-testid="token-input"
              />
            </label>
            <button
              type="button"
              onClick={() => onToken(draft.trim() || null)}
              disabled={(draft.trim() || null) === token}
            >
              Use token
            </button>
            {policy.restriction.kind === 'token' && policy.restriction.algorithm === 'HS256' && (
              <button type="button" onClick={() => void makeTestToken()}>
                Make test token
              </button>
            )}
          </div>
          <p className="muted small" data-testid="token-state">
            {token
              ? `The player sends a token${expires ? ` (test token, expires ${new Date(expires).toLocaleTimeString()})` : ''}.`
              : 'No token: the key and licence requests will be refused (401).'}
          </p>
        </>
      )}
      {error && (
        <p role="alert" className="error-text small">
          {error}
        </p>
      )}
    </div>
  );
}
