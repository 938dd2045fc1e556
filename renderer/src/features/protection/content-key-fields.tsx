import { useCall } from '../../lib/use-call.ts';
import { restrictionLabel } from './policy-notes.ts';

export interface ContentKeyChoice {
  /** '' = the streaming policy's default (Predefined_Open). */
  readonly policyName: string;
  readonly keyId: string;
  readonly key: string;
}

export const emptyKeyChoice: ContentKeyChoice = { policyName: '', keyId: '', key: '' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^(?:[0-9a-f]{32}|[A-Za-z0-9+/]{22}==)$/i;

/** Why the given key id / key cannot be used, or null. Both or neither: a lone one is an error. */
export function keyChoiceError(c: ContentKeyChoice): string | null {
  const id = c.keyId.trim();
  const key = c.key.trim();
  if (!id && !key) return null;
  if (!id || !key) return 'Give both a key id and a key, or neither to generate them.';
  if (!UUID.test(id)) return 'The key id is a UUID, e.g. 6f1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b.';
  if (!KEY.test(key)) return 'The key is 16 bytes: 32 hex digits or 24 characters of base64.';
  return null;
}

/** For a protected policy: who may get the key, and optionally the key to keep (an AMS locator's). */
export function ContentKeyFields({
  value,
  onChange,
}: {
  value: ContentKeyChoice;
  onChange: (c: ContentKeyChoice) => void;
}) {
  const policies = useCall('contentKeyPolicies.list', {});
  const error = keyChoiceError(value);
  return (
    <fieldset className="filter-fieldset" data-testid="content-key-fields">
      <legend>Content key</legend>
      <label className="field">
        Content key policy
        <select value={value.policyName} onChange={(e) => onChange({ ...value, policyName: e.target.value })}>
          <option value="">Streaming policy's default (Predefined_Open)</option>
          {policies.data?.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} — {restrictionLabel(p.restriction)}
            </option>
          ))}
        </select>
      </label>
      {policies.error && <p className="error-text small">{policies.error}</p>}
      <label className="field">
        Key id <span className="muted small">(optional: keep an existing key; generated when empty)</span>
        <input
          value={value.keyId}
          onChange={(e) => onChange({ ...value, keyId: e.target.value })}
          placeholder="generated"
          aria-invalid={error !== null}
        />
      </label>
      <label className="field">
        Key <span className="muted small">(32 hex digits or base64)</span>
        <input
          value={value.key}
          onChange={(e) => onChange({ ...value, key: e.target.value })}
          placeholder="generated"
          aria-invalid={error !== null}
          autoComplete="off"
        />
      </label>
      {error && <p className="error-text small">{error}</p>}
    </fieldset>
  );
}
