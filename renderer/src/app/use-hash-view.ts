import { useCallback, useEffect, useState } from 'react';

export type View = { kind: 'library' } | { kind: 'asset'; id: string } | { kind: 'filters' } | { kind: 'protection' } | { kind: 'endpoint' } | { kind: 'settings' };

function parseHash(): View {
  const h = window.location.hash.slice(1);
  if (h.startsWith('asset/')) return { kind: 'asset', id: decodeURIComponent(h.slice(6)) };
  if (h === 'endpoint' || h === 'settings' || h === 'filters' || h === 'protection') return { kind: h };
  return { kind: 'library' };
}

/** The view lives in the URL hash, so a reload (and the back button) keeps the place. */
export function useHashView(): [View, (v: View) => void] {
  const [view, setViewState] = useState<View>(parseHash);
  useEffect(() => {
    const onHash = () => setViewState(parseHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const setView = useCallback((v: View) => {
    const hash = v.kind === 'asset' ? `asset/${encodeURIComponent(v.id)}` : v.kind;
    if (window.location.hash.slice(1) !== hash) window.location.hash = hash;
    setViewState(v);
  }, []);
  return [view, setView];
}
