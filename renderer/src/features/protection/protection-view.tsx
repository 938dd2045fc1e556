import { KeyPoliciesPanel } from './key-policies-panel.tsx';

/** Content protection settings of the studio (account-wide, as in AMS). */
export function ProtectionView() {
  return (
    <section className="view" data-testid="protection-view">
      <h2>Content protection</h2>
      <p className="muted small">
        A protected streaming policy (Predefined_ClearKey, Predefined_MultiDrmCencStreaming,
        Predefined_MultiDrmStreaming) encrypts each locator with its own content key. The content key policy
        chosen when publishing says who may get that key: anyone, or a client presenting a JWT this policy
        verifies.
      </p>
      <KeyPoliciesPanel />
    </section>
  );
}
