import { useEffect, useState } from 'react';
import type { FilterDefinitionData, FilterPreviewData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { errorText } from '../../lib/api-error.ts';

const DEBOUNCE_MS = 300;

export interface PreviewState {
  readonly data: FilterPreviewData | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/**
 * The origin's own answer to "what do these filters leave?", asked again a moment after the user
 * stops typing; a late answer to an older edit never overwrites a newer one.
 */
export function useFilterPreview(
  assetId: string | null,
  filters: readonly (string | { name: string; definition: FilterDefinitionData })[] | null,
): PreviewState {
  const client = useClient();
  const [state, setState] = useState<PreviewState>({ data: null, error: null, loading: false });
  const key = JSON.stringify([assetId, filters]);
  useEffect(() => {
    if (!assetId || !filters) return;
    let live = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the loading flag belongs to this request
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      client.call('filters.preview', { assetId, filters: [...filters] }).then(
        (data) => live && setState({ data, error: null, loading: false }),
        (err: unknown) => live && setState({ data: null, error: errorText(err), loading: false }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for assetId + filters (a new array each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  return state;
}
