/**
 * Burn-in: a subtitle file drawn into the picture by ffmpeg's `subtitles` filter (libass), for sources
 * whose subtitles must show on every player, captions menu or not. The file's path goes through both
 * of ffmpeg's escaping levels — the filter's option value (`\ ' :`), then the filtergraph (`\ ' [ ] , ;`)
 * — so library folders with spaces, colons or quotes work.
 */
import path from 'node:path';

export function filterOptionPath(file: string): string {
  const optionLevel = path.resolve(file).replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export function burnInFilter(subtitlesFile: string): string {
  return `subtitles=filename=${filterOptionPath(subtitlesFile)}`;
}
