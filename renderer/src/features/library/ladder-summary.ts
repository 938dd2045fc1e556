import type { AssetData, AssetFilesData } from '@contract';

/** One line describing what an asset holds: its encoded ladder, or the source's streams. */
export function ladderSummary(asset: AssetData, files: AssetFilesData | null): string {
  const video = files?.tracks.filter((t) => t.kind === 'video') ?? [];
  const audio = files?.tracks.filter((t) => t.kind === 'audio') ?? [];
  if (video.length || audio.length) {
    const heights = video.map((t) => t.height ?? 0).filter(Boolean);
    const span = heights.length ? ` ${Math.min(...heights)}p–${Math.max(...heights)}p` : '';
    const langs = [...new Set(audio.map((t) => t.language).filter(Boolean))].join('/');
    return `${video.length} video rung${video.length === 1 ? '' : 's'}${span} · ${audio.length} audio${langs ? ` (${langs})` : ''}`;
  }
  const m = asset.mediaInfo;
  if (m) {
    const v = m.video ? `${m.video.displayWidth}×${m.video.displayHeight} ${m.video.codec}` : 'no video';
    return `Source: ${v} · ${m.audio.length} audio`;
  }
  // Not finished: the badge (and its note) say what happened; the line stays empty.
  return asset.state === 'Finished' ? 'No media' : '';
}
