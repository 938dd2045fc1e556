import { useState } from 'react';

/** Copies text; says "Copied" for a moment without changing its width (the label box is fixed). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'ok' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setDone('ok'),
      () => setDone('failed'),
    );
    setTimeout(() => setDone(null), 1500);
  };
  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`${label}: ${text.slice(0, 80)}`}>
      {done === 'ok' ? 'Copied' : done === 'failed' ? 'Blocked' : label}
    </button>
  );
}
