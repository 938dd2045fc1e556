import { useState, type DragEvent } from 'react';
import { audioRoleSchema, type AssetData, type AssetTrackData, type AudioRoleData } from '@contract';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { useClient } from '../../lib/client-context.ts';
import { uploadFile } from '../../lib/studio-client.ts';
import { useCall } from '../../lib/use-call.ts';

/** Subtitle files the studio reads (WebVTT, SRT, TTML/IMSC); other drops go on to the window's import. */
export const SUBTITLE_FILE = /\.(?:vtt|srt|ttml|dfxp|xml)$/i;

/** `movie.en.srt`, `movie_fra.vtt`, `movie-pt-BR.ttml`, `film.spa.m4a` → the language the name ends with, else ''. */
export function languageFromFileName(name: string): string {
  return /[._-]([a-z]{2,3}(?:-[A-Za-z]{2,4})?)\.[a-z0-9]+$/i.exec(name)?.[1] ?? '';
}

function flags(t: AssetTrackData): string {
  const out: string[] = [];
  if (t.isDefault) out.push('default');
  if (t.forced) out.push('forced');
  if (!t.visible) out.push('hidden');
  if (t.role && t.role !== 'main') out.push(t.role);
  return out.join(', ');
}

/** A subtitle file dropped on the asset view, numbered so a second drop of the same name is new too. */
export interface DroppedSubtitle {
  readonly file: File;
  readonly seq: number;
}

/** The subtitle file of a drop on the asset view, or null when the drop is something else (the window imports it). */
export function subtitleOfDrop(e: DragEvent<HTMLElement>): File | null {
  const files = [...e.dataTransfer.files];
  if (files.length !== 1 || !SUBTITLE_FILE.test(files[0]!.name)) return null;
  // Subtitle files dropped on an asset are tracks, not assets: they stop here, before the window's import.
  e.preventDefault();
  e.stopPropagation();
  return files[0]!;
}

/**
 * The asset's text and audio tracks with add and remove: a subtitle file dropped on the asset (or
 * chosen) fills the form; the studio converts it to WebVTT, checks its cue times and names the line
 * of a bad file.
 */
export function AssetTracksSection({ asset, version, dropped }: { asset: AssetData; version: number; dropped: DroppedSubtitle | null }) {
  const client = useClient();
  const toasts = useToasts();
  const tracks = useCall('assets.tracks.list', { id: asset.id }, version);
  const [picked, setPicked] = useState<DroppedSubtitle | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The latest of a drop and a pick is the file in the form.
  const chosen = [dropped, picked].filter((d) => d !== null).sort((a, b) => b.seq - a.seq)[0] ?? null;

  const remove = async (t: AssetTrackData) => {
    if (!window.confirm(`Remove the ${t.kind} track "${t.name}"?`)) return;
    setBusy(t.name);
    try {
      await client.call('assets.tracks.remove', { id: asset.id, name: t.name });
      toasts.show('info', `Removed the ${t.kind} track "${t.name}".`);
      tracks.reload();
    } catch (err) {
      toasts.show('error', errorText(err));
    } finally {
      setBusy(null);
    }
  };

  if (asset.storage === 'blob') return <p className="muted">Tracks of assets in blob storage are listed by the AMS API.</p>;
  return (
    <div className="asset-tracks" data-testid="asset-tracks">
      {tracks.error && <p role="alert" className="error-text">{tracks.error}</p>}
      {tracks.data && tracks.data.length === 0 && <p className="muted">No text or audio tracks yet.</p>}
      {tracks.data && tracks.data.length > 0 && (
        <table className="table" data-testid="asset-tracks-table">
          <thead>
            <tr>
              <th>Type</th>
              <th>Name</th>
              <th>Language</th>
              <th>Flags</th>
              <th>File</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tracks.data.map((t) => (
              <tr key={`${t.kind}:${t.name}`} data-testid={`track-${t.name}`}>
                <td>{t.kind}</td>
                <td>{t.name}</td>
                <td>{t.language}</td>
                <td>{flags(t)}</td>
                <td className="wrap">{t.file}</td>
                <td>
                  {t.removable && (
                    <button type="button" className="danger small" aria-label={`Remove ${t.name}`} disabled={busy !== null} onClick={() => void remove(t)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddTextTrackForm
        key={chosen?.seq ?? 0}
        assetId={asset.id}
        file={chosen?.file ?? null}
        onPick={(file) => setPicked(file ? { file, seq: Date.now() } : null)}
        onAdded={() => {
          setPicked(null);
          tracks.reload();
        }}
      />
      <AddAudioTrackForm assetId={asset.id} onAdded={() => tracks.reload()} />
    </div>
  );
}

/** The add form, remounted for each chosen file (its language is guessed from the file name). */
function AddTextTrackForm({ assetId, file, onPick, onAdded }: { assetId: string; file: File | null; onPick: (f: File | null) => void; onAdded: () => void }) {
  const client = useClient();
  const toasts = useToasts();
  const [language, setLanguage] = useState(file ? languageFromFileName(file.name) : '');
  const [name, setName] = useState('');
  const [isDefault, setDefault] = useState(false);
  const [forced, setForced] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const path = window.studio ? window.studio.pathForFile(file) : await uploadFile(file);
      const track = await client.call('assets.tracks.addText', {
        id: assetId,
        path,
        language: language.trim(),
        ...(name.trim() && { name: name.trim() }),
        ...(isDefault && { default: true }),
        ...(forced && { forced: true }),
        ...(hidden && { visible: false }),
      });
      toasts.show('info', `Added the text track "${track.name}".`);
      onAdded();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <fieldset className="add-text-track">
      <legend>Add a text track</legend>
      <p className="muted small">Drop a WebVTT, SRT or TTML/IMSC file on the asset, or choose one. It is stored as WebVTT; its cue times are checked against the asset.</p>
      <label className="field">
        <span>Subtitle file</span>
        <input type="file" accept=".vtt,.srt,.ttml,.dfxp,.xml" data-testid="text-track-file" onChange={(e) => onPick(e.target.files?.[0] ?? null)} />
      </label>
      {file && <p data-testid="text-track-chosen">{file.name}</p>}
      <label className="field">
        <span>Language (eng, en, fr-CA)</span>
        <input value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="text-track-language" />
      </label>
      <label className="field">
        <span>Name (optional, no spaces: it is in the URLs)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="English_SDH" data-testid="text-track-name" />
      </label>
      <div className="row">
        <label>
          <input type="checkbox" checked={isDefault} onChange={(e) => setDefault(e.target.checked)} /> Default
        </label>
        <label>
          <input type="checkbox" checked={forced} onChange={(e) => setForced(e.target.checked)} /> Forced
        </label>
        <label>
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} /> Hidden from players
        </label>
      </div>
      {error && (
        <p role="alert" className="error-text" data-testid="text-track-error">
          {error}
        </p>
      )}
      <button type="button" className="primary" disabled={!file || language.trim() === '' || busy} onClick={() => void add()} data-testid="text-track-add">
        {busy ? 'Adding…' : 'Add track'}
      </button>
    </fieldset>
  );
}

/** What each audio role means to a user (the studio signals it as DASH Role / HLS CHARACTERISTICS). */
const ROLE_LABELS: Record<AudioRoleData, string> = {
  main: 'Main',
  alternate: 'Alternate',
  description: 'Audio description',
  commentary: 'Commentary',
  dub: 'Dub',
};

/**
 * Adds an audio file (another language, audio description, commentary) as a track: the studio copies
 * AAC at the asset's rate and length and re-encodes anything else; its answer (which, and why) stays in
 * the form after the add.
 */
function AddAudioTrackForm({ assetId, onAdded }: { assetId: string; onAdded: () => void }) {
  const client = useClient();
  const toasts = useToasts();
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<AudioRoleData>('main');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  // Remounts the file input after an add, so it no longer shows the added file.
  const [inputKey, setInputKey] = useState(0);

  const pick = (f: File | null) => {
    setFile(f);
    setError(null);
    setResult(null);
    // A language in the file's name fills the field; otherwise what the user typed stays.
    const guessed = f ? languageFromFileName(f.name) : '';
    if (guessed) setLanguage(guessed);
  };

  const add = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      // Web mode: the studio reads the upload's path, as for text tracks.
      const path = window.studio ? window.studio.pathForFile(file) : await uploadFile(file);
      const track = await client.call('assets.tracks.addAudio', {
        id: assetId,
        path,
        language: language.trim(),
        ...(name.trim() && { name: name.trim() }),
        ...(role !== 'main' && { role }),
      });
      setResult(`Added "${track.name}": ${track.reason}.`);
      toasts.show('info', `Added the audio track "${track.name}" (${track.reencoded ? 're-encoded' : 'copied'}).`);
      setFile(null);
      setName('');
      setInputKey((k) => k + 1);
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="add-audio-track">
      <legend>Add an audio track</legend>
      <p className="muted small">Another language, an audio description or a commentary. AAC at the asset&apos;s sample rate and length is copied; anything else is re-encoded to AAC to the asset&apos;s length.</p>
      <label className="field">
        <span>Audio file</span>
        <input key={inputKey} type="file" accept="audio/*,.m4a,.aac,.mp4,.mp3,.wav,.flac,.opus,.ogg,.mka,.ac3,.eac3" data-testid="audio-track-file" onChange={(e) => pick(e.target.files?.[0] ?? null)} />
      </label>
      {file && <p data-testid="audio-track-chosen">{file.name}</p>}
      <label className="field">
        <span>Language (eng, en, fr-CA)</span>
        <input value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="audio-track-language" />
      </label>
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as AudioRoleData)} data-testid="audio-track-role">
          {audioRoleSchema.options.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Name (optional, no spaces: it is in the URLs)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="aac_spa_2_128" data-testid="audio-track-name" />
      </label>
      {error && (
        <p role="alert" className="error-text" data-testid="audio-track-error">
          {error}
        </p>
      )}
      {result && (
        <p role="status" data-testid="audio-track-result">
          {result}
        </p>
      )}
      <button type="button" className="primary" disabled={!file || language.trim() === '' || busy} onClick={() => void add()} data-testid="audio-track-add">
        {busy ? 'Adding…' : 'Add audio track'}
      </button>
    </fieldset>
  );
}
