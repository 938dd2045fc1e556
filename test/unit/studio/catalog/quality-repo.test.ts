/**
 * Quality per rung in the catalog (migration 7): stored with the asset, read back in order, replaced
 * on a second save, removed with the asset; assets.show words what was and was not measured.
 */
import { describe, expect, it } from 'vitest';
import { assetSummary } from '../../../../electron/studio/app/asset-summary.ts';
import { deleteAssetRow, insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { insertJob, mustGetJob } from '../../../../electron/studio/catalog/jobs-repo.ts';
import { getAssetQuality, saveAssetQuality } from '../../../../electron/studio/catalog/quality-repo.ts';
import { upsertTransform } from '../../../../electron/studio/catalog/transforms-repo.ts';
import { useTempLibraries } from './temp-library.ts';

const libs = useTempLibraries();
const rung = (height: number, kbps: number, psnr: number | null, ssim: number | null) => ({
  fileName: `a_${(height * 16) / 9}x${height}_${kbps}.mp4`,
  width: (height * 16) / 9,
  height,
  targetKbps: kbps,
  measuredKbps: kbps - 7,
  psnr,
  ssim,
  vmaf: null,
});

describe('asset quality in the catalog', () => {
  it('stores the rungs in order, replaces them on a new save and goes with the asset', () => {
    const c = libs.open(libs.dir());
    const a = insertAsset(c, { name: 'out', state: 'Finished' });
    expect(getAssetQuality(c, a.id)).toBeNull();
    saveAssetQuality(c, { assetId: a.id, measured: true, vmafNote: 'no libvmaf', rungs: [rung(720, 3000, 44.1234567, 0.987654), rung(360, 1000, 39.5, 0.95)] });
    const q = getAssetQuality(c, a.id);
    expect(q).toMatchObject({ measured: true, vmafNote: 'no libvmaf' });
    expect(q?.rungs.map((r) => [r.height, r.measuredKbps, r.psnr, r.ssim])).toEqual([
      [720, 2993, 44.1234567, 0.987654],
      [360, 993, 39.5, 0.95],
    ]);
    saveAssetQuality(c, { assetId: a.id, measured: false, vmafNote: null, rungs: [rung(540, 2000, null, null)] });
    expect(getAssetQuality(c, a.id)?.rungs.map((r) => r.height)).toEqual([540]);
    deleteAssetRow(c, a.id);
    expect(c.db.prepare('SELECT COUNT(*) AS n FROM rung_quality').get()?.n).toBe(0);
    expect(c.db.prepare('SELECT COUNT(*) AS n FROM asset_quality').get()?.n).toBe(0);
  });

  it("ffmpeg's inf (identical pictures) is stored as a null PSNR next to a measured SSIM", () => {
    const c = libs.open(libs.dir());
    const a = insertAsset(c, { name: 'same', state: 'Finished' });
    saveAssetQuality(c, { assetId: a.id, measured: true, vmafNote: null, rungs: [rung(360, 1000, Infinity, 1)] });
    expect(getAssetQuality(c, a.id)?.rungs[0]).toMatchObject({ psnr: null, ssim: 1 });
    expect(assetSummary(c, a.id, true).qualityNote).toMatch(/and VMAF \(libvmaf\)/);
  });

  it('assets.show says when only bitrates were measured, and when nothing is stored', () => {
    const c = libs.open(libs.dir());
    const a = insertAsset(c, { name: 'plain', state: 'Finished' });
    expect(assetSummary(c, a.id, true)).toMatchObject({ rungs: [], qualityNote: expect.stringMatching(/not encoded by the studio/) });
    saveAssetQuality(c, { assetId: a.id, measured: false, vmafNote: null, rungs: [rung(360, 1000, null, null)] });
    const s = assetSummary(c, a.id, true);
    expect(s.qualityNote).toMatch(/Measured bitrates only/);
    expect(s.rungs?.[0]).toMatchObject({ resolution: '640x360', measuredKbps: 993, targetKbps: 1000, psnr: null, ssim: null, vmaf: null });
    expect(assetSummary(c, a.id, false).rungs).toBeUndefined();
  });

  it("a job keeps its measureQuality choice (null: the transform's default)", () => {
    const c = libs.open(libs.dir());
    upsertTransform(c, { name: 'T', description: '', definition: {} });
    const a = insertAsset(c, { name: 'src', sourceFile: '/x.mp4' });
    expect(mustGetJob(c, insertJob(c, { transformName: 'T', inputAssetId: a.id }).id).measureQuality).toBeNull();
    expect(mustGetJob(c, insertJob(c, { transformName: 'T', inputAssetId: a.id, measureQuality: true }).id).measureQuality).toBe(true);
    expect(mustGetJob(c, insertJob(c, { transformName: 'T', inputAssetId: a.id, measureQuality: false }).id).measureQuality).toBe(false);
  });
});
