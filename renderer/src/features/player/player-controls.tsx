import { languageName } from '../../lib/language-name.ts';
import type { CatalogRung } from './catalog-ladder.ts';
import { rungLabel } from './catalog-ladder.ts';
import type { TrackChoice } from './engine.ts';
import type { Playback } from './use-playback.ts';

const AUTO = 'auto';
const OFF = 'off';

/** "German (de) · aac_deu_2_128000": the language first, the manifest's own name after it. */
function trackName(t: TrackChoice): string {
  const lang = languageName(t.language);
  return t.label && t.label !== t.language ? `${lang} · ${t.label}` : lang;
}

/**
 * The switches a player offers, the same for every format and library: the rendition (Auto = ABR
 * picks), ABR on/off (off holds the current rendition), the audio language and the captions.
 */
export function PlayerControls({ playback, ladder }: { playback: Playback; ladder: readonly CatalogRung[] }) {
  const { tracks, control } = playback;
  const rendition = tracks.abr ? AUTO : (tracks.chosenRung ?? AUTO);
  return (
    <div className="player-controls" data-testid="player-controls">
      <label className="field inline">
        Rendition
        <select
          data-testid="rendition-select"
          value={rendition}
          disabled={!control || tracks.rungs.length === 0}
          onChange={(e) => (e.target.value === AUTO ? control?.setAbr(true) : control?.selectRung(e.target.value))}
        >
          <option value={AUTO}>Auto (ABR)</option>
          {tracks.rungs.map((r) => (
            <option key={r.key} value={r.key}>
              {rungLabel(ladder, r.width, r.height, r.bandwidth)}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <input type="checkbox" data-testid="abr-toggle" checked={tracks.abr} disabled={!control} onChange={(e) => control?.setAbr(e.target.checked)} />
        ABR
      </label>
      <label className="field inline">
        Audio
        <select
          data-testid="audio-select"
          value={tracks.activeAudio ?? ''}
          disabled={!control || tracks.audio.length < 2}
          onChange={(e) => control?.selectAudio(e.target.value)}
        >
          {tracks.activeAudio === null && <option value="">—</option>}
          {tracks.audio.map((a) => (
            <option key={a.key} value={a.key}>
              {trackName(a)}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        Captions
        <select
          data-testid="captions-select"
          value={tracks.activeText ?? OFF}
          disabled={!control || tracks.text.length === 0}
          onChange={(e) => control?.selectText(e.target.value === OFF ? null : e.target.value)}
        >
          <option value={OFF}>{tracks.text.length === 0 ? 'None in this stream' : 'Off'}</option>
          {tracks.text.map((t) => (
            <option key={t.key} value={t.key}>
              {trackName(t)}
              {t.isDefault ? ' · default' : ''}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
