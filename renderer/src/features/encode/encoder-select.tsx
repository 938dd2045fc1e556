import type { EncoderListData } from '@contract';
import { plainEncoderReason } from './encoder-reason.ts';
import { selectable } from './use-encoders.ts';

/**
 * The video encoder of the encode, among those of the transform's codec: software by default; hardware ones that failed their trial encode
 * are listed disabled, with the reason in plain words below (ffmpeg's own message is the tooltip).
 */
export function EncoderSelect({
  list,
  error,
  value,
  onChange,
}: {
  list: EncoderListData | null;
  error: string | null;
  value: string;
  onChange: (name: string) => void;
}) {
  const detecting = list?.detecting ?? true;
  const unavailable = list?.encoders.filter((e) => !selectable(e, detecting) && e.hardware) ?? [];
  return (
    <div className="field" data-testid="encoder-field">
      <label>
        Video encoder{' '}
        <select data-testid="encoder-select" value={value} onChange={(e) => onChange(e.target.value)} disabled={!list}>
          {list?.encoders.map((e) => (
            <option key={e.name} value={e.name} disabled={!selectable(e, detecting)} title={e.reason ?? undefined}>
              {e.label} ({e.name}){e.default ? ' — default' : ''}
              {selectable(e, detecting) ? '' : ' — unavailable'}
            </option>
          ))}
        </select>
      </label>
      {detecting && list && <span className="muted small"> Detecting hardware encoders…</span>}
      {error && <p role="alert" className="error-text small">{error}</p>}
      {!detecting && unavailable.length > 0 && (
        <ul className="muted small" data-testid="encoder-reasons">
          {unavailable.map((e) => (
            <li key={e.name} title={e.reason ?? undefined}>
              {plainEncoderReason(e.name, e.reason)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
