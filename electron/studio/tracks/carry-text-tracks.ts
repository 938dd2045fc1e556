/**
 * An encode's output gets the text tracks of what it encoded: the input asset's own text tracks when it
 * keeps them (an imported source: extracted at import, plus added, minus removed), else the text streams
 * embedded in the input file. They are written into the job's staging folder before it becomes the
 * asset, so the output appears with its text tracks or not at all.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeWebVtt } from '../../../packaging-core/index.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { defaultTrackName, type NewTextTrack, sourceTextTracks, urlSafeName, writeTextTracks } from './asset-tracks.ts';
import { embeddedTrackNames, readEmbeddedText } from './embedded-text.ts';
import { TrackError } from './track-error.ts';

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

/** The text tracks of what a job encodes: the input asset's own (tracks.smil), else the file's embedded streams. */
async function inputTextTracks(o: Pick<CarryTextOptions, 'catalog' | 'inputAsset' | 'input' | 'media' | 'onLog'>): Promise<{ tracks: NewTextTrack[]; fromAsset: boolean }> {
  const durationMs = Math.round(o.media.durationSec * 1000);
  const own = o.inputAsset ? await sourceTextTracks(o.catalog, o.inputAsset, durationMs) : undefined;
  if (own) return { tracks: own, fromAsset: true };
  const embedded = await readEmbeddedText(o.input, durationMs);
  for (const w of embedded.warnings) o.onLog(`text: ${w}`);
  return { tracks: embeddedAsNewTracks(embedded.tracks), fromAsset: false };
}

/**
 * The WebVTT file of the input's text track `name`, written into `dir` for the encode to burn in; an
 * unknown name fails the job naming the tracks there are.
 */
export async function burnInFile(o: Pick<CarryTextOptions, 'catalog' | 'inputAsset' | 'input' | 'media' | 'onLog'> & { name: string; dir: string }): Promise<string> {
  const { tracks } = await inputTextTracks(o);
  const track = tracks.find((t) => t.options.name === o.name) ?? tracks.find((t) => t.options.name?.toLowerCase() === o.name.toLowerCase());
  if (!track) {
    const names = tracks.map((t) => t.options.name).join(', ');
    throw new TrackError('invalid-argument', `The input has no text track named "${o.name}" to burn in${names ? ` (it has: ${names})` : ' (it has no text tracks)'}.`);
  }
  await mkdir(o.dir, { recursive: true });
  const file = path.join(o.dir, 'burn-in.vtt');
  await writeFile(file, writeWebVtt(track.cues));
  o.onLog(`text: burning "${track.options.name ?? o.name}" (${track.cues.length} cues) into the picture`);
  return file;
}

export async function carryTextTracks(o: CarryTextOptions): Promise<void> {
  const { tracks, fromAsset } = await inputTextTracks(o);
  if (tracks.length === 0) return;
  o.onLog(fromAsset ? `text: ${tracks.length} text track(s) of the input asset` : `text: ${tracks.length} embedded text stream(s) extracted to WebVTT`);
  const added = await writeTextTracks({ folder: o.outDir, file: path.join(o.outDir, o.ismName), name: o.ismName, encoded: true }, tracks, o.ismName);
  for (const t of added) o.onLog(`text: ${t.file} "${t.name}" (${t.language}${t.isDefault ? ', default' : ''}${t.forced ? ', forced' : ''})`);
}
