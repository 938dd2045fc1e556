import type { AssetData, AssetFilesData } from '@contract';
import { formatKbps } from '../../lib/format.ts';

/** The asset's tracks: the encoded ones from its .ism, else the source's streams from the probe. */
export function TracksTable({ asset, files }: { asset: AssetData; files: AssetFilesData | null }) {
  const rows: { kind: string; detail: string; bitrate: number | null; language: string }[] = [];
  if (files && files.tracks.length > 0) {
    for (const t of files.tracks) {
      rows.push({
        kind: t.kind,
        detail: t.kind === 'video' ? `${t.width ?? '?'}×${t.height ?? '?'} · ${t.src}` : t.src,
        bitrate: t.bitrate,
        language: t.language ?? '',
      });
    }
  } else if (asset.mediaInfo) {
    const m = asset.mediaInfo;
    for (const v of [...(m.video ? [m.video] : []), ...m.otherVideo]) {
      rows.push({
        kind: 'video',
        detail: `${v.codec}${v.profile ? ` ${v.profile}` : ''} ${v.displayWidth}×${v.displayHeight} ${v.frameRate.toFixed(3)} fps ${v.pixelFormat}${v.hdr ? ` ${v.hdr}` : ''}${v.interlaced ? ' interlaced' : ''}`,
        bitrate: v.bitrate,
        language: '',
      });
    }
    for (const a of m.audio) {
      rows.push({ kind: 'audio', detail: `${a.codec}${a.profile ? ` ${a.profile}` : ''} ${a.sampleRate} Hz ${a.channels} ch`, bitrate: a.bitrate, language: a.language });
    }
  }
  if (rows.length === 0) return <p className="muted">No track information.</p>;
  return (
    <table className="table" data-testid="tracks-table">
      <thead>
        <tr>
          <th>Type</th>
          <th>Details</th>
          <th>Language</th>
          <th className="num">Bitrate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r.kind}</td>
            <td className="wrap">{r.detail}</td>
            <td>{r.language}</td>
            <td className="num">{formatKbps(r.bitrate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
