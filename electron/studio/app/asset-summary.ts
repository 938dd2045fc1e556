/**
 * assets.show: an asset in brief and, asked for, the quality of its rungs as stored when its encode
 * finished (catalog/quality-repo.ts), with a note on what was and was not measured.
 */
import type { AssetSummaryData } from '../api/contract.ts';
import { mustGetAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { getAssetQuality } from '../catalog/quality-repo.ts';
import type { AssetQuality } from '../catalog/types.ts';

function qualityNote(q: AssetQuality | null): string {
  if (!q) return 'No rungs stored: this asset was not encoded by the studio (or was encoded before quality was stored).';
  if (q.rungs.length === 0) return 'This encode has no video rungs.';
  if (!q.measured) {
    return 'Measured bitrates only: PSNR/SSIM were not measured for this encode (encode with measureQuality, on by default for content-aware presets).';
  }
  const how = 'PSNR and SSIM against the source scaled to each rung (ffmpeg psnr/ssim filters)';
  return q.vmafNote ? `${how}. ${q.vmafNote}` : `${how}, and VMAF (libvmaf).`;
}

export function assetSummary(catalog: Catalog, id: string, withQuality: boolean): AssetSummaryData {
  const a = mustGetAsset(catalog, id);
  const summary: AssetSummaryData = { id: a.id, name: a.name, state: a.state, storage: a.storage, ismName: a.ismName, createdAt: a.createdAt };
  if (!withQuality) return summary;
  const q = getAssetQuality(catalog, id);
  return {
    ...summary,
    qualityNote: qualityNote(q),
    rungs: (q?.rungs ?? []).map((r) => ({
      resolution: `${r.width}x${r.height}`,
      measuredKbps: r.measuredKbps,
      targetKbps: r.targetKbps,
      psnr: r.psnr === null ? null : Math.round(r.psnr * 1000) / 1000,
      ssim: r.ssim === null ? null : Math.round(r.ssim * 100000) / 100000,
      vmaf: r.vmaf === null ? null : Math.round(r.vmaf * 100) / 100,
      file: r.fileName,
      width: r.width,
      height: r.height,
    })),
  };
}
