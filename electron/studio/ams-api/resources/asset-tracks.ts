/**
 * Asset Tracks (assets/{name}/tracks): list, get, createOrUpdate (a TextTrack from a .vtt/.srt/.ttml
 * file already in the asset's folder), delete — over the studio's assets.tracks.* operations, so a
 * track added here shows in the desktop UI and is served by the origin in every format.
 * createOrUpdate, update (its settings) and delete are long-running in AMS: they answer 202 + Azure-AsyncOperation, as the
 * streaming endpoint's operations do, and the SDK's begin…AndWait pollers read the outcome.
 */
import path from 'node:path';
import type { AssetTrackData } from '../../api/contract.ts';
import { ArmError, badRequest, notFound, notSupported } from '../arm-error.ts';
import { ok, propertiesOf, resource, type AccountRef, type ArmRequest, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { mustFindAsset } from './asset-names.ts';

const TEXT_TRACK = '#Microsoft.Media.TextTrack';
const AUDIO_TRACK = '#Microsoft.Media.AudioTrack';
const TEXT_EXTENSIONS = new Set(['.vtt', '.srt', '.ttml', '.dfxp', '.xml']);

function trackJson(account: AccountRef, assetArmName: string, t: AssetTrackData) {
  const hlsSettings = { default: t.isDefault, forced: t.forced };
  const track =
    t.kind === 'text'
      ? { '@odata.type': TEXT_TRACK, fileName: t.file, displayName: t.name, languageCode: t.language, playerVisibility: t.visible ? 'Visible' : 'Hidden', hlsSettings }
      : { '@odata.type': AUDIO_TRACK, fileName: t.file, displayName: t.name, languageCode: t.language, hlsSettings, ...(t.bitrate !== null && { bitRate: t.bitrate }) };
  const p = `assets/${encodeURIComponent(assetArmName)}/tracks/${encodeURIComponent(t.name)}`;
  return resource(account, 'assets/tracks', p, t.name, { track, provisioningState: 'Succeeded' });
}

async function assetAndTracks(req: ArmRequest, svc: ArmServices) {
  const { asset, armName } = await mustFindAsset(svc.call, req.params.assetName ?? '');
  const tracks = await svc.call('assets.tracks.list', { id: asset.id });
  return { asset, armName, tracks };
}

function findTrack(tracks: readonly AssetTrackData[], name: string): AssetTrackData | undefined {
  return tracks.find((t) => t.name === name) ?? tracks.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

function objectOf(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${what} must be an object.`);
  return v as Record<string, unknown>;
}

function optionalBoolean(o: Record<string, unknown>, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`${where}.${key} must be true or false.`);
  return v;
}

/**
 * AMS's languageCode is read-only (the SDK never sends it; AMS read it from the file): here it is the
 * last tag of the file name (captions-fr.vtt, movie.en-US.vtt), else "und" (undetermined).
 */
function languageOfFileName(fileName: string): string {
  const stem = path.basename(fileName, path.extname(fileName));
  return /[._-]([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$/.exec(stem)?.[1] ?? 'und';
}

/** The TextTrack of a createOrUpdate body, as assets.tracks.addText options (file relative to the asset's folder). */
function textTrackOf(body: unknown, trackName: string) {
  const track = objectOf(propertiesOf(body).track, 'properties.track');
  const type = track['@odata.type'];
  if (type !== TEXT_TRACK) {
    if (type === AUDIO_TRACK || type === '#Microsoft.Media.VideoTrack') {
      throw notSupported(`Creating a ${String(type).slice(17)} through the API`, 'the API adds text tracks (TextTrack); add audio tracks with the CLI or the desktop app.');
    }
    throw badRequest(`properties.track["@odata.type"] must be "${TEXT_TRACK}"; got ${JSON.stringify(type ?? null)}.`);
  }
  const fileName = track.fileName;
  if (typeof fileName !== 'string' || fileName === '') throw badRequest('properties.track.fileName is required: the name of a .vtt, .srt or .ttml file in the asset.');
  if (fileName !== path.basename(fileName) || fileName === '..' || fileName.includes('\\')) {
    throw badRequest(`properties.track.fileName "${fileName}" must be a file name in the asset's folder, without a path.`);
  }
  if (!TEXT_EXTENSIONS.has(path.extname(fileName).toLowerCase())) {
    throw badRequest(`properties.track.fileName "${fileName}" must be a WebVTT (.vtt), SRT (.srt) or TTML/IMSC (.ttml) file.`);
  }
  const languageCode = track.languageCode ?? languageOfFileName(fileName);
  if (typeof languageCode !== 'string' || languageCode === '') throw badRequest('properties.track.languageCode must be a BCP 47 tag, e.g. en-US.');
  const { fileName: _file, ...settings } = settingsOf(track, trackName);
  return { fileName, language: languageCode, ...settings };
}

/** A TextTrack's settings (displayName, playerVisibility, hlsSettings): what createOrUpdate and update share. */
function settingsOf(track: Record<string, unknown>, trackName: string) {
  const displayName = track.displayName;
  if (displayName !== undefined && displayName !== null && displayName !== trackName) {
    // The studio's track name is both its identity (the URL key) and the label players show.
    throw notSupported(`A displayName ("${String(displayName)}") different from the track name ("${trackName}")`, 'the studio labels a track with its name; name the track as players should show it (no spaces).');
  }
  const visibility = track.playerVisibility;
  if (visibility !== undefined && visibility !== null && visibility !== 'Visible' && visibility !== 'Hidden') {
    throw badRequest(`properties.track.playerVisibility must be "Visible" or "Hidden"; got ${JSON.stringify(visibility)}.`);
  }
  const hls = objectOf(track.hlsSettings, 'properties.track.hlsSettings');
  if (typeof hls.characteristics === 'string' && hls.characteristics !== '') {
    throw notSupported('properties.track.hlsSettings.characteristics', 'the studio signals CHARACTERISTICS only for audio roles; leave it empty for text tracks.');
  }
  const isDefault = optionalBoolean(hls, 'default', 'properties.track.hlsSettings');
  const forced = optionalBoolean(hls, 'forced', 'properties.track.hlsSettings');
  return {
    ...(typeof track.fileName === 'string' && { fileName: track.fileName }),
    ...(isDefault !== undefined && { default: isDefault }),
    ...(forced !== undefined && { forced }),
    ...(visibility !== undefined && visibility !== null && { visible: visibility === 'Visible' }),
  };
}

function accepted(req: ArmRequest, svc: ArmServices, work: () => Promise<unknown>) {
  return svc.operations.accept(
    async () => {
      await work();
    },
    req.account.id,
    req.url,
  );
}

const trackName = (req: ArmRequest): string => req.params.trackName ?? '';

export const trackRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'assets/:assetName/tracks',
    handler: async (req, svc) => {
      const { armName, tracks } = await assetAndTracks(req, svc);
      return ok({ value: tracks.map((t) => trackJson(req.account, armName, t)) });
    },
  },
  {
    method: 'GET',
    path: 'assets/:assetName/tracks/:trackName',
    handler: async (req, svc) => {
      const { armName, tracks } = await assetAndTracks(req, svc);
      const t = findTrack(tracks, trackName(req));
      if (!t) throw notFound('track', trackName(req));
      return ok(trackJson(req.account, armName, t));
    },
  },
  {
    method: 'PUT',
    path: 'assets/:assetName/tracks/:trackName',
    handler: async (req, svc) => {
      const name = trackName(req);
      const { asset } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      const { fileName, ...options } = textTrackOf(req.body, name);
      if (asset.storage !== 'blob') {
        // Blob assets: the studio refuses track changes itself (not-supported), passed through below.
        const existing = findTrack(await svc.call('assets.tracks.list', { id: asset.id }), name);
        if (existing && existing.kind !== 'text') throw badRequest(`The track '${name}' is an ${existing.kind} track from the encode; a TextTrack cannot replace it.`);
      }
      const file = path.join(svc.libraryDir, asset.folder, fileName);
      const add = () => svc.call('assets.tracks.addText', { id: asset.id, path: file, name, replace: true, ...options });
      // A blob asset's refusal (not-supported) is known at once: answer it as a 400, not as a failed operation.
      if (asset.storage === 'blob') await add();
      return accepted(req, svc, add);
    },
  },
  {
    method: 'PATCH',
    path: 'assets/:assetName/tracks/:trackName',
    handler: async (req, svc) => {
      const { asset, tracks } = await assetAndTracks(req, svc);
      const t = findTrack(tracks, trackName(req));
      if (!t) throw notFound('track', trackName(req));
      if (t.kind !== 'text') throw badRequest(`The track '${t.name}' is an ${t.kind} track from the encode; the API updates text tracks only.`);
      const changes = settingsOf(objectOf(propertiesOf(req.body).track, 'properties.track'), t.name);
      if (changes.fileName !== undefined && changes.fileName !== t.file) {
        throw notSupported('Changing a track\'s fileName (PATCH)', 'createOrUpdate (PUT) the track with the new file.');
      }
      // The studio's stored WebVTT is read again and written with the new settings (replace keeps it whole until then).
      const input = { id: asset.id, path: path.join(svc.libraryDir, asset.folder, t.file), name: t.name, language: t.language, replace: true };
      const settings = { default: changes.default ?? t.isDefault, forced: changes.forced ?? t.forced, visible: changes.visible ?? t.visible };
      return accepted(req, svc, () => svc.call('assets.tracks.addText', { ...input, ...settings }));
    },
  },
  {
    method: 'DELETE',
    path: 'assets/:assetName/tracks/:trackName',
    handler: async (req, svc) => {
      const { asset, tracks } = await assetAndTracks(req, svc);
      const t = findTrack(tracks, trackName(req));
      if (!t) return { status: 204 };
      if (t.kind !== 'text') {
        throw badRequest(`The track '${t.name}' is an ${t.kind} track from the encode; the API deletes text tracks only (remove audio tracks in the desktop app or the CLI).`);
      }
      return accepted(req, svc, () => svc.call('assets.tracks.remove', { id: asset.id, name: t.name }));
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/tracks/:trackName/updateTrackData',
    handler: async () => {
      throw new ArmError(
        400,
        'NotSupported',
        'updateTrackData is not supported: the studio reads a track file once, when the track is created; put the changed file in the asset and createOrUpdate (PUT) the track again.',
      );
    },
  },
];
