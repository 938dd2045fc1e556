/** Display formatting shared by the views; fixed decimals keep columns from jumping while values change. */

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

export function formatDuration(sec: number | null | undefined): string {
  if (sec == null || !Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function formatKbps(bitsPerSec: number | null | undefined): string {
  if (bitsPerSec == null || !Number.isFinite(bitsPerSec)) return '—';
  return bitsPerSec >= 1_000_000 ? `${(bitsPerSec / 1_000_000).toFixed(2)} Mb/s` : `${Math.round(bitsPerSec / 1000)} kb/s`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** ffprobe's demuxer names ("mov,mp4,m4a,3gp,3g2,mj2") as people name the container. */
export function containerName(format: string, file?: string | null): string {
  const ext = file?.split('.').pop()?.toLowerCase() ?? '';
  if (format.startsWith('mov,mp4')) return ext === 'mov' ? 'QuickTime (MOV)' : ext === 'm4a' ? 'MPEG-4 audio (M4A)' : 'MP4';
  const names: Record<string, string> = {
    'matroska,webm': ext === 'webm' ? 'WebM' : 'Matroska (MKV)',
    mpegts: 'MPEG-TS',
    avi: 'AVI',
    mp3: 'MP3',
    wav: 'WAV',
    flac: 'FLAC',
    ogg: 'Ogg',
    aac: 'AAC (ADTS)',
    mxf: 'MXF',
    flv: 'FLV',
  };
  return names[format] ?? format.split(',')[0]?.toUpperCase() ?? format;
}
