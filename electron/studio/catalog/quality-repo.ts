import type { Catalog } from './open-catalog.ts';
import { int, intOrNull, text, textOrNull, type Row } from './sql-row.ts';
import type { AssetQuality, RungRecord } from './types.ts';

const realOrNull = (row: Row, col: string): number | null => {
  const v = row[col];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new TypeError(`catalog column ${col}: expected a number, got ${typeof v}`);
  return v;
};

/** Stores (or replaces) the rungs of an encoded asset; call inside the transaction that finishes its job. */
export function saveAssetQuality(catalog: Catalog, quality: Omit<AssetQuality, 'createdAt'>): void {
  const { db } = catalog;
  db.prepare('DELETE FROM asset_quality WHERE asset_id = ?').run(quality.assetId);
  db.prepare('INSERT INTO asset_quality (asset_id, measured, vmaf_note, created_at) VALUES (?, ?, ?, ?)').run(
    quality.assetId,
    quality.measured ? 1 : 0,
    quality.vmafNote,
    new Date().toISOString(),
  );
  const insert = db.prepare(
    `INSERT INTO rung_quality (asset_id, position, file_name, width, height, target_kbps, measured_kbps, psnr, ssim, vmaf)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  quality.rungs.forEach((r, i) => {
    // ffmpeg's "inf" (identical pictures) has no JSON form: NULL next to a measured SSIM means it.
    const psnr = r.psnr !== null && Number.isFinite(r.psnr) ? r.psnr : null;
    insert.run(quality.assetId, i, r.fileName, r.width, r.height, r.targetKbps, r.measuredKbps, psnr, r.ssim, r.vmaf);
  });
}

/** The stored rungs of an asset, top rung first; null for assets not encoded by the studio (or before v7). */
export function getAssetQuality(catalog: Catalog, assetId: string): AssetQuality | null {
  const head = catalog.db.prepare('SELECT * FROM asset_quality WHERE asset_id = ?').get(assetId);
  if (!head) return null;
  const rungs = catalog.db
    .prepare('SELECT * FROM rung_quality WHERE asset_id = ? ORDER BY position')
    .all(assetId)
    .map(
      (row): RungRecord => ({
        fileName: text(row, 'file_name'),
        width: int(row, 'width'),
        height: int(row, 'height'),
        targetKbps: int(row, 'target_kbps'),
        measuredKbps: intOrNull(row, 'measured_kbps'),
        psnr: realOrNull(row, 'psnr'),
        ssim: realOrNull(row, 'ssim'),
        vmaf: realOrNull(row, 'vmaf'),
      }),
    );
  return {
    assetId,
    measured: int(head, 'measured') === 1,
    vmafNote: textOrNull(head, 'vmaf_note'),
    rungs,
    createdAt: text(head, 'created_at'),
  };
}
