/**
 * An extra audio track on an encoded asset (another language, audio description, commentary): an AAC
 * file at the asset's sample rate and length is copied as it is (no quality lost, seconds for a film);
 * anything else is re-encoded to AAC-LC at the asset's sample rate, padded or cut to the asset's length,
 * so every format's audio timeline matches the video's. The role goes into the .ism as AMS wrote it
 * (`accessibility=description` + `role=alternate`; otherwise `role`).
 * All or nothing: the MP4 is written under a temporary name, the new .ism is opened by the origin's own
 * reader before it replaces the old one, and a failure removes what was written.
 */
import { rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type AudioRole, openPresentation, type Presentation, withoutTrack, withTrack } from '../../../packaging-core/index.ts';
import { mustGetAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { writeFileAtomic } from '../catalog/write-file-atomic.ts';
import { audioTrackName } from '../encoding/output-names.ts';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import type { AudioStreamInfo } from '../media/media-info.ts';
import { probeFile } from '../media/probe.ts';
import { resolveFfmpeg } from '../media/resolve-tools.ts';
import { checkLanguage, checkName, editable, manifestOf, readManifest, removeUnreferenced, withAssetLock } from './asset-tracks.ts';
import { TrackError } from './track-error.ts';
import type { AssetTrack } from './track-types.ts';

export interface AudioTrackOptions {
  readonly language: string;
  /** Label, identity and URL key; default AMS-style `aac_<lang>_<channels>_<bitrate>[_<role>]`. */
  readonly name?: string;
  readonly role?: AudioRole;
  /** Replace the audio track of the same name instead of refusing. */
  readonly replace?: boolean;
}

export interface AddedAudioTrack extends AssetTrack {
  readonly reencoded: boolean;
  /** Why it was copied or re-encoded, in words. */
  readonly reason: string;
}

/** How far an AAC file's length may be from the asset's and still be copied (one 2 s fragment holds ±0.5 s easily). */
const COPY_DURATION_TOLERANCE_MS = 500;
const REENCODE_KBPS = 128;

/** Copy, or re-encode and why: AAC-LC at the asset's sample rate and length is copied. */
export function audioPlan(stream: AudioStreamInfo, streamDurationSec: number, asset: { sampleRate: number | null; durationMs: number }): { copy: boolean; reason: string } {
  const what = `${stream.codec}${stream.profile ? ` ${stream.profile}` : ''} ${stream.sampleRate} Hz, ${streamDurationSec.toFixed(3)} s`;
  if (stream.codec !== 'aac' || (stream.profile !== undefined && stream.profile !== 'LC')) return { copy: false, reason: `re-encoded to AAC-LC: the file is ${what}` };
  if (asset.sampleRate !== null && stream.sampleRate !== asset.sampleRate) {
    return { copy: false, reason: `re-encoded to AAC-LC at ${asset.sampleRate} Hz: the file is ${what}, the asset's audio ${asset.sampleRate} Hz` };
  }
  if (Math.abs(streamDurationSec * 1000 - asset.durationMs) > COPY_DURATION_TOLERANCE_MS) {
    return { copy: false, reason: `re-encoded to AAC-LC, padded or cut to the asset's ${(asset.durationMs / 1000).toFixed(3)} s: the file is ${what}` };
  }
  return { copy: true, reason: `copied without re-encoding (${what} matches the asset)` };
}

function uniqueFile(folder: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = `${base}${n === 1 ? '' : `_${n}`}.mp4`;
    if (!existsSync(path.join(folder, name))) return name;
  }
}

export async function addAudioTrack(catalog: Catalog, assetId: string, file: string, options: AudioTrackOptions): Promise<AddedAudioTrack> {
  return withAssetLock(assetId, async () => {
    const asset = mustGetAsset(catalog, assetId);
    editable(asset);
    const m = manifestOf(catalog, asset);
    if (!m.encoded) {
      throw new TrackError('invalid-argument', `Asset "${asset.name}" is a source (not encoded yet); audio tracks are added to an encoded asset.`, 'Encode it, then add the audio track to the output asset.');
    }
    const language = checkLanguage(options.language);
    const role = options.role ?? 'main';
    if (options.name !== undefined) checkName(options.name);
    const source = path.resolve(file);
    const label = path.basename(source);

    let presentation: Presentation;
    try {
      presentation = await openPresentation(m.folder, m.name);
    } catch (err) {
      throw new TrackError('invalid-asset', `Asset "${asset.name}" cannot be opened: ${(err as Error).message}`);
    }
    const durationMs = Math.round(presentation.durationTicks / 10_000);
    const reference = presentation.audio.find((a) => 'sampleRate' in a.config);
    const sampleRate = reference && 'sampleRate' in reference.config ? reference.config.sampleRate : null;

    const media = await probeFile(source);
    const stream = media.audio[0];
    if (!stream) throw new TrackError('invalid-audio-track', `${label} has no audio stream.`, 'Choose an audio file (AAC, MP3, WAV, …) or a video file with sound.');
    const plan = audioPlan(stream, stream.durationSec ?? media.durationSec, { sampleRate, durationMs });
    const channels = plan.copy ? stream.channels : Math.min(2, stream.channels);
    const rate = plan.copy ? stream.sampleRate : (sampleRate ?? 48_000);

    const base = `${m.name.replace(/\.ism$/i, '')}_AACAudio_${language.replace(/[^A-Za-z0-9-]/g, '_')}${role === 'main' ? '' : `_${role}`}`;
    const fileName = uniqueFile(m.folder, base);
    const temp = path.join(m.folder, `.${fileName}.partial.mp4`);
    const check = path.join(m.folder, `.${m.name}.check.ism`);
    try {
      const ffmpeg = await resolveFfmpeg();
      await runFfmpeg({
        ffmpegPath: ffmpeg.path,
        args: [
          '-y',
          '-i', `file:${source}`,
          '-map', `0:${stream.index}`,
          '-vn', '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1',
          ...(plan.copy
            ? ['-c:a', 'copy']
            : ['-c:a', 'aac', '-b:a', `${REENCODE_KBPS}k`, '-ar', String(rate), '-ac', String(channels), '-af', 'apad', '-t', (durationMs / 1000).toFixed(3)]),
          '-metadata:s:a:0', `language=${language}`,
          '-movflags', '+faststart',
          '-f', 'mp4', `file:${temp}`,
        ],
      });
      const written = await probeFile(temp);
      const bitrate = written.audio[0]?.bitrate ?? stream.bitrate ?? REENCODE_KBPS * 1000;
      const name = options.name ?? `${audioTrackName(language, channels, bitrate)}${role === 'main' ? '' : `_${role}`}`;
      const xml = await readManifest(m);
      const existing = presentation.audio.find((a) => a.name.toLowerCase() === name.toLowerCase());
      if (existing && !options.replace) {
        throw new TrackError('conflict', `Asset "${asset.name}" already has an audio track named "${existing.name}".`, 'Replace it (replace: true, --replace), remove it first, or give the new track another name.');
      }
      await rename(temp, path.join(m.folder, fileName));
      const kept = existing ? withoutTrack(xml, 'audio', path.basename(existing.file), m.name) : xml;
      const next = withTrack(kept, { kind: 'audio', src: fileName, bitrate, trackId: 1, trackName: name, language, role }, m.name);
      // The origin's own reader opens the new manifest before it replaces the old one.
      await writeFileAtomic(check, next);
      try {
        await openPresentation(m.folder, path.basename(check));
      } catch (err) {
        throw new TrackError('invalid-audio-track', `${label} cannot be served with asset "${asset.name}": ${(err as Error).message}`);
      }
      await rename(check, m.file);
      if (existing) await removeUnreferenced(m.folder, next, [path.basename(existing.file)]);
      return {
        kind: 'audio',
        name,
        file: fileName,
        language,
        bitrate,
        isDefault: false,
        forced: false,
        visible: true,
        role,
        removable: true,
        reencoded: !plan.copy,
        reason: plan.reason,
      };
    } catch (err) {
      await rm(temp, { force: true });
      await rm(check, { force: true });
      // The MP4 was renamed into place only if the manifest step failed after it: it is not named by the .ism.
      await removeUnreferenced(m.folder, await readManifest(m), [fileName]);
      throw err;
    }
  });
}
