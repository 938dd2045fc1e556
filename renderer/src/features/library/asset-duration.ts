import type { AssetData, JobData } from '@contract';

/**
 * Durations by asset id. An imported asset has its probe; an encoded one has none of its own, so it
 * takes its source's (the job that made it names the input asset).
 */
export function assetDurations(assets: readonly AssetData[], jobs: readonly JobData[]): Map<string, number> {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const out = new Map<string, number>();
  for (const a of assets) if (a.mediaInfo) out.set(a.id, a.mediaInfo.durationSec);
  for (const j of jobs) {
    if (!j.outputAssetId || out.has(j.outputAssetId) || !j.inputAssetId) continue;
    const d = byId.get(j.inputAssetId)?.mediaInfo?.durationSec;
    if (d !== undefined) out.set(j.outputAssetId, d);
  }
  return out;
}
