/**
 * Text streams embedded in a source (MP4 mov_text, SRT/ASS in Matroska) become text tracks of its
 * asset when it is imported, and of an encode's output when it is encoded straight from a file. A
 * stream that cannot be read never stops the import: it is reported as a warning on the asset.
 */
import { extractTextTracks, type EmbeddedTextTrack } from '../media/extract-text-tracks.ts';
import { resolveFfmpeg, resolveFfprobe } from '../media/resolve-tools.ts';

export interface EmbeddedText {
  readonly tracks: readonly EmbeddedTextTrack[];
  /** Why a stream (or all of them) was not extracted, for the asset's warnings or the job log. */
  readonly warnings: readonly string[];
}

export async function readEmbeddedText(source: string, durationMs?: number): Promise<EmbeddedText> {
  try {
    const [ffmpeg, ffprobe] = await Promise.all([resolveFfmpeg(), resolveFfprobe()]);
    return { tracks: await extractTextTracks(ffmpeg.path, ffprobe.path, source, durationMs), warnings: [] };
  } catch (err) {
    return { tracks: [], warnings: [`Embedded subtitles were not extracted: ${(err as Error).message}`] };
  }
}

/**
 * Track names for extracted streams: the stream's title when it has one (a Matroska track name such
 * as "English SDH" → English_SDH), else the language's name; a name taken earlier gets _2, _3….
 */
export function embeddedTrackNames(tracks: readonly EmbeddedTextTrack[], naming: { defaultName: (language: string, forced: boolean) => string; fromTitle: (title: string) => string }): string[] {
  const taken = new Set<string>();
  return tracks.map((t) => {
    const title = t.name !== t.language ? naming.fromTitle(t.name).slice(0, 60) : '';
    const base = title || naming.defaultName(t.language, t.forced);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
