/**
 * An encode's output gets the text tracks of what it encoded: the input asset's own text tracks when it
 * keeps them (an imported source: extracted at import, plus added, minus removed), else the text streams
 * embedded in the input file. They are written into the job's staging folder before it becomes the
 * asset, so the output appears with its text tracks or not at all.
 */
import path from 'node:path';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { defaultTrackName, type NewTextTrack, sourceTextTracks, urlSafeName, writeTextTracks } from './asset-tracks.ts';
import { embeddedTrackNames, readEmbeddedText } from './embedded-text.ts';

export interface CarryTextOptions {
  readonly catalog: Catalog;
  /** The job's input asset; null when the job encodes a file. */
  readonly inputAsset: Asset | null;
  /** The file encoded (the source, or a blob asset's downloaded mezzanine). */
  readonly input: string;
  readonly media: MediaInfo;
  /** The staging folder holding the encoded set and its .ism. */
  readonly outDir: string;
  readonly ismName: string;
  readonly onLog: (line: string) => void;
}

/** Embedded streams as tracks to write, named by their titles (else their language). */
export function embeddedAsNewTracks(tracks: Awaited<ReturnType<typeof readEmbeddedText>>['tracks']): NewTextTrack[] {
  const names = embeddedTrackNames(tracks, { defaultName: defaultTrackName, fromTitle: urlSafeName });
  return tracks.map((t, i) => ({ cues: t.cues, options: { language: t.language, name: names[i]!, isDefault: t.isDefault, forced: t.forced } }));
}

export async function carryTextTracks(o: CarryTextOptions): Promise<void> {
  const durationMs = Math.round(o.media.durationSec * 1000);
  let tracks = o.inputAsset ? await sourceTextTracks(o.catalog, o.inputAsset, durationMs) : undefined;
  if (tracks) {
    if (tracks.length > 0) o.onLog(`text: ${tracks.length} text track(s) of the input asset`);
  } else {
    const embedded = await readEmbeddedText(o.input, durationMs);
    for (const w of embedded.warnings) o.onLog(`text: ${w}`);
    tracks = embeddedAsNewTracks(embedded.tracks);
    if (tracks.length > 0) o.onLog(`text: ${tracks.length} embedded text stream(s) extracted to WebVTT`);
  }
  if (tracks.length === 0) return;
  const added = await writeTextTracks({ folder: o.outDir, file: path.join(o.outDir, o.ismName), name: o.ismName, encoded: true }, tracks, o.ismName);
  for (const t of added) o.onLog(`text: ${t.file} "${t.name}" (${t.language}${t.isDefault ? ', default' : ''}${t.forced ? ', forced' : ''})`);
}
