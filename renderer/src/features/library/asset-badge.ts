import type { AssetData, JobData } from '@contract';

/**
 * What an asset's card says about it, honestly: an imported source is "Imported" (not "Finished",
 * nothing was made), an output whose last job was canceled is "Canceled" (not an unexplained
 * "Error"), an interrupted one "Interrupted"; otherwise the asset's state.
 */
export function assetBadge(asset: AssetData, jobs: readonly JobData[]): string {
  if (asset.sourceFile && asset.state === 'Finished') return 'Imported';
  if (asset.state !== 'Error') return asset.state;
  const last = jobs.filter((j) => j.outputAssetId === asset.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (last?.state === 'Canceled') return 'Canceled';
  if (last?.error?.kind === 'interrupted') return 'Interrupted';
  return 'Error';
}

/**
 * The words behind an output's Canceled, Interrupted or Error badge: how far its encode got and what
 * to do, or the job's own error; null for every other asset.
 */
export function assetNote(asset: AssetData, jobs: readonly JobData[]): string | null {
  if (asset.state !== 'Error') return null;
  const last = jobs.filter((j) => j.outputAssetId === asset.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!last) return null;
  if (last.state === 'Canceled') {
    const at = last.progress?.percent;
    const where = at ? ` at ${at < 10 ? at.toFixed(1) : Math.floor(at)} %` : ' before it started';
    return `The encode was canceled${where}; nothing was kept. Retry it in the jobs panel.`;
  }
  return last.error?.message ?? null;
}
