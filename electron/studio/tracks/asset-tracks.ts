/**
 * The text and audio tracks of an asset, listed, added and removed. An encoded asset's tracks are its
 * `.ism` (`<textstream>` as the origin reads it, `<audio>` elements); an imported source has no `.ism`
 * yet, so its text tracks (extracted at import, or added) are kept in the same SMIL form in
 * `tracks.smil` in its folder, and an encode carries them into its output's `.ism`.
 * Every change is all or nothing: the new WebVTT file is written under a fresh name, then the manifest
 * is replaced atomically, and only then is a replaced file removed.
 */
import { readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  type Cue,
  type IsmTextEntry,
  type IsmTextSource,
  isUrlName,
  openPresentation,
  parseIsm,
  readTextTrack,
  TextTrackError,
  withoutTrack,
  withTextStreams,
  writeIsm,
  writeWebVtt,
} from '../../../packaging-core/index.ts';
import { assetFolderPath, mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { writeFileAtomic } from '../catalog/write-file-atomic.ts';
import { TrackError } from './track-error.ts';
import type { AssetTrack, AudioRole } from './track-types.ts';
import { readTextInput } from './read-text-input.ts';

/** Where a source asset (no `.ism`) keeps its text tracks. */
export const SOURCE_TRACKS_FILE = 'tracks.smil';
/** AMS's systemBitrate for text streams: the `QualityLevels(1000)` of their URLs. */
const TEXT_BITRATE = 1000;
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

export interface TextTrackOptions {
  readonly language: string;
  /** The label players show and the track's identity; default: the language's English name. */
  readonly name?: string;
  readonly isDefault?: boolean;
  readonly forced?: boolean;
  /** false: served, but players do not list it (AMS playerVisibility=Hidden). */
  readonly visible?: boolean;
  /** Replace a text track of the same name instead of refusing. */
  readonly replace?: boolean;
}

/** The manifest holding an asset's tracks: the `.ism`, or the source's `tracks.smil`. */
export interface TrackManifest {
  readonly folder: string;
  readonly file: string;
  readonly name: string;
  readonly encoded: boolean;
}

export function manifestOf(catalog: Catalog, asset: Asset): TrackManifest {
  if (asset.storage === 'blob') {
    throw new TrackError('not-supported', `Asset "${asset.name}" is in blob storage; tracks can be changed on assets in the library folder.`, 'Encode it into the library folder, or change its tracks before moving it.');
  }
  const folder = assetFolderPath(catalog, asset);
  const name = asset.ismName ?? SOURCE_TRACKS_FILE;
  return { folder, file: path.join(folder, name), name, encoded: asset.ismName !== null };
}

const EMPTY_SOURCE_MANIFEST = writeIsm({ tracks: [] });

export async function readManifest(m: TrackManifest): Promise<string> {
  try {
    return await readFile(m.file, 'utf8');
  } catch (err) {
    if (!m.encoded && (err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_SOURCE_MANIFEST;
    throw err;
  }
}

/** English name of a language code (`eng` → English), the code itself when unknown. */
export function languageName(code: string): string {
  if (code.toLowerCase() === 'und') return 'Unknown language';
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

export function checkLanguage(language: string): string {
  if (!LANGUAGE.test(language)) {
    throw new TrackError('invalid-argument', `"${language}" is not a language code`, 'Give an ISO 639 / BCP 47 code such as eng, en, fr-CA.');
  }
  return language;
}

/**
 * A track's name is its key in the URLs (`QualityLevels(1000)/Manifest(NAME,…)`) and the label players
 * show: it follows the URL grammar (no spaces or `( ) , = ; / \`); `"` would break the HLS attribute.
 */
export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length > 64 || !isUrlName(trimmed) || /["\p{Cc}]/u.test(trimmed)) {
    throw new TrackError('invalid-argument', `"${name}" cannot be a track name`, 'Use 1–64 characters without spaces or ( ) , = ; / \\ " (e.g. English_SDH).');
  }
  return trimmed;
}

/** A name for a track nobody named: the language's English name, spaces as underscores (`English_forced`). */
export function defaultTrackName(language: string, forced: boolean): string {
  return urlSafeName(`${languageName(language)}${forced ? ' forced' : ''}`);
}

/** A free text (a stream title) as a track name: runs of unusable characters become one underscore. */
export function urlSafeName(text: string): string {
  return text.replace(/[(),=;/\\\s"\p{Cc}]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 64);
}

// One change at a time per asset: each is read-modify-write of one manifest.
const locks = new Map<string, Promise<unknown>>();
export async function withAssetLock<T>(assetId: string, fn: () => Promise<T>): Promise<T> {
  const before = locks.get(assetId) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(fn);
  locks.set(assetId, run);
  try {
    return await run;
  } finally {
    if (locks.get(assetId) === run) locks.delete(assetId);
  }
}

export function editable(asset: Asset): void {
  if (asset.state !== 'Finished') {
    throw new CatalogError('conflict', `Asset "${asset.name}" is ${asset.state.toLowerCase()}; change its tracks once it is finished.`);
  }
}

/** The asset's duration in ms, what cue times are checked against; undefined when nothing says it. */
async function durationMs(asset: Asset, m: TrackManifest): Promise<number | undefined> {
  if (!m.encoded) return asset.mediaInfo ? Math.round(asset.mediaInfo.durationSec * 1000) : undefined;
  try {
    return Math.round((await openPresentation(m.folder, m.name)).durationTicks / 10_000);
  } catch (err) {
    throw new TrackError('invalid-asset', `Asset "${asset.name}" cannot be opened: ${(err as Error).message}`);
  }
}

function textEntry(t: IsmTextSource): IsmTextEntry {
  return {
    src: t.src,
    bitrate: t.bitrate ?? TEXT_BITRATE,
    trackName: t.trackName ?? t.language ?? t.src,
    language: t.language ?? 'und',
    isDefault: t.isDefault,
    forced: t.forced,
    visible: t.visible,
  };
}

/** A file name not in the folder yet: `text_<lang>_<n>.vtt`. */
function freshTextFile(folder: string, language: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const name = `text_${language.replace(/[^A-Za-z0-9-]/g, '_')}_${n}.vtt`;
    if (!taken.has(name) && !existsSync(path.join(folder, name))) return name;
  }
}

/** Removes files the manifest no longer names (best effort: a leftover file is harmless). */
export async function removeUnreferenced(folder: string, xml: string, files: readonly string[]): Promise<void> {
  const parsed = parseIsm(xml);
  const used = new Set([...parsed.tracks.map((t) => t.src), ...(parsed.texts ?? []).map((t) => t.src)]);
  await Promise.all(files.filter((f) => !used.has(f)).map((f) => rm(path.join(folder, f), { force: true })));
}

/** A text track to write: its cues and how players offer it. */
export interface NewTextTrack {
  readonly cues: readonly Cue[];
  readonly options: TextTrackOptions;
}

/** Adds text tracks from cues in one manifest change (streams extracted from a source). */
export async function addTextCues(catalog: Catalog, assetId: string, tracks: readonly NewTextTrack[]): Promise<AssetTrack[]> {
  return withAssetLock(assetId, async () => {
    const asset = mustGetAsset(catalog, assetId);
    return writeTextTracks(manifestOf(catalog, asset), tracks, asset.name);
  });
}

/**
 * Adds text tracks to the manifest `m`: every WebVTT file first (fresh names), then the manifest in one
 * atomic replace; on failure the new files go again. Also used on an encode's staging folder.
 */
export async function writeTextTracks(m: TrackManifest, tracks: readonly NewTextTrack[], assetName: string): Promise<AssetTrack[]> {
  const xml = await readManifest(m);
  let texts = (parseIsm(xml, m.name).texts ?? []).map(textEntry);
  const replaced: IsmTextEntry[] = [];
  const added: { entry: IsmTextEntry; cues: readonly Cue[] }[] = [];
  for (const { cues, options } of tracks) {
    const language = checkLanguage(options.language);
    const forced = options.forced ?? false;
    const name = checkName(options.name ?? defaultTrackName(language, forced));
    const same = texts.filter((t) => t.trackName.toLowerCase() === name.toLowerCase());
    if (same.length > 0 && !options.replace) {
      throw new TrackError(
        'conflict',
        `Asset "${assetName}" already has a text track named "${same[0]!.trackName}" (${same[0]!.language}, ${same[0]!.src}).`,
        'Replace it (replace: true, --replace), remove it first, or give the new track another name.',
      );
    }
    replaced.push(...same);
    const isDefault = options.isDefault ?? false;
    const taken = new Set([...texts, ...replaced].map((t) => t.src));
    const entry: IsmTextEntry = { src: freshTextFile(m.folder, language, taken), bitrate: TEXT_BITRATE, trackName: name, language, isDefault, forced, visible: options.visible ?? true };
    // At most one default per group (RFC 8216 §4.3.4.1.1): a new default takes it from the others.
    texts = [...texts.filter((t) => !same.includes(t)).map((t) => (isDefault ? { ...t, isDefault: false } : t)), entry];
    added.push({ entry, cues });
  }
  const next = withTextStreams(xml, texts, m.name);
  const written: string[] = [];
  try {
    for (const { entry, cues } of added) {
      await writeFileAtomic(path.join(m.folder, entry.src), writeWebVtt(cues));
      written.push(entry.src);
    }
    await writeFileAtomic(m.file, next);
  } catch (err) {
    await Promise.all(written.map((f) => rm(path.join(m.folder, f), { force: true })));
    throw err;
  }
  await removeUnreferenced(m.folder, next, replaced.map((t) => t.src));
  return added.map(({ entry }) => textTrack(entry));
}

/**
 * The text tracks an imported source holds (its tracks.smil: extracted at import, added, minus removed),
 * read back as tracks to write into an encode's output; undefined when it has no tracks.smil (sources
 * imported before tracks were kept, or not imported at all), so the caller extracts from the file.
 */
export async function sourceTextTracks(catalog: Catalog, asset: Asset, durationMs?: number): Promise<NewTextTrack[] | undefined> {
  if (asset.storage === 'blob' || asset.ismName) return undefined;
  const folder = assetFolderPath(catalog, asset);
  const xml = await readFile(path.join(folder, SOURCE_TRACKS_FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (xml === undefined) return undefined;
  return Promise.all(
    (parseIsm(xml, SOURCE_TRACKS_FILE).texts ?? []).map(async (t) => {
      const e = textEntry(t);
      const cues = readTextTrack(await readFile(path.join(folder, e.src), 'utf8'), e.src, durationMs);
      return { cues, options: { language: e.language, name: e.trackName, isDefault: e.isDefault, forced: e.forced, visible: e.visible } };
    }),
  );
}

/** Reads a WebVTT, SRT or TTML/IMSC file and adds it as a text track. */
export async function addTextTrack(catalog: Catalog, assetId: string, file: string, options: TextTrackOptions): Promise<AssetTrack> {
  return withAssetLock(assetId, async () => {
    const asset = mustGetAsset(catalog, assetId);
    editable(asset);
    const m = manifestOf(catalog, asset);
    // The arguments before the file: a wrong language is the user's first thing to fix.
    checkLanguage(options.language);
    if (options.name !== undefined) checkName(options.name);
    let cues: readonly Cue[];
    try {
      ({ cues } = await readTextInput(path.resolve(file), await durationMs(asset, m)));
    } catch (err) {
      if (err instanceof TextTrackError) {
        throw new TrackError('invalid-text-track', err.message, 'Fix the file at that line (or export it again from the subtitle editor) and add it again.', { cause: err });
      }
      throw err;
    }
    const [track] = await writeTextTracks(m, [{ cues, options }], asset.name);
    return track!;
  });
}

function textTrack(t: IsmTextEntry): AssetTrack {
  return { kind: 'text', name: t.trackName, file: t.src, language: t.language, bitrate: t.bitrate, isDefault: t.isDefault, forced: t.forced, visible: t.visible, role: null, removable: true };
}

/** The asset's text and audio tracks, in manifest order (text after audio). */
export async function listTracks(catalog: Catalog, assetId: string): Promise<AssetTrack[]> {
  const asset = mustGetAsset(catalog, assetId);
  if (asset.storage === 'blob') return [];
  const m = manifestOf(catalog, asset);
  const parsed = parseIsm(await readManifest(m), m.name);
  const audio: AssetTrack[] = m.encoded
    ? (() => {
        const all = parsed.tracks.filter((t) => t.kind === 'audio');
        return all.map((t) => ({
          kind: 'audio' as const,
          name: t.trackName ?? t.language ?? t.src,
          file: t.src,
          language: t.language ?? 'und',
          bitrate: t.bitrate ?? null,
          isDefault: t === all[0],
          forced: false,
          visible: true,
          role: t.role ?? 'main',
          // The last media track of an audio-only asset stays.
          removable: parsed.tracks.length > 1,
        }));
      })()
    : (asset.mediaInfo?.audio ?? []).map((a, i) => ({
        kind: 'audio' as const,
        name: `${a.codec} ${a.channels} ch (stream ${a.index})`,
        file: path.basename(asset.sourceFile ?? ''),
        language: a.language,
        bitrate: a.bitrate,
        isDefault: i === 0,
        forced: false,
        visible: true,
        role: 'main' as AudioRole,
        removable: false,
      }));
  return [...audio, ...(parsed.texts ?? []).map((t) => textTrack(textEntry(t)))];
}

/** Removes the text or audio track named `name` (its file too when nothing else uses it). */
export async function removeTrack(catalog: Catalog, assetId: string, name: string): Promise<AssetTrack> {
  return withAssetLock(assetId, async () => {
    const asset = mustGetAsset(catalog, assetId);
    editable(asset);
    const m = manifestOf(catalog, asset);
    const tracks = await listTracks(catalog, assetId);
    const found = tracks.find((t) => t.name === name) ?? tracks.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new CatalogError('not-found', `Asset "${asset.name}" has no track named "${name}"${tracks.length ? ` (it has: ${tracks.map((t) => t.name).join(', ')})` : ''}.`);
    }
    if (!found.removable) throw new TrackError('invalid-argument', `"${found.name}" is ${found.kind === 'audio' && !m.encoded ? 'a stream of the source file' : 'the asset’s last media track'} and cannot be removed.`);
    const xml = await readManifest(m);
    const next = withoutTrack(xml, found.kind === 'text' ? 'textstream' : 'audio', found.file, m.name);
    await writeFileAtomic(m.file, next);
    await removeUnreferenced(m.folder, next, [found.file]);
    return found;
  });
}
