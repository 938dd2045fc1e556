import type { AssetData } from '@contract';

export type AssetSort = 'newest' | 'oldest' | 'name' | 'duration';

export function filterAndSortAssets(assets: readonly AssetData[], query: string, sort: AssetSort): AssetData[] {
  const q = query.trim().toLowerCase();
  const found = q ? assets.filter((a) => a.name.toLowerCase().includes(q) || a.state.toLowerCase() === q) : [...assets];
  const by: Record<AssetSort, (a: AssetData, b: AssetData) => number> = {
    newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
    oldest: (a, b) => a.createdAt.localeCompare(b.createdAt),
    name: (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
    duration: (a, b) => (b.mediaInfo?.durationSec ?? -1) - (a.mediaInfo?.durationSec ?? -1),
  };
  return found.sort(by[sort]);
}
