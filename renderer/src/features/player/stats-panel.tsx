import { formatKbps } from '../../lib/format.ts';
import { matchRung, rungLabel, type CatalogRung } from './catalog-ladder.ts';
import type { Playback } from './use-playback.ts';

/**
 * What a streaming engineer looks at while a stream plays. The chosen rendition (what ABR or the user
 * picked) and the displayed one (the picture the video element shows now) are named alike, with the
 * catalog's declared bitrate, so they compare across formats; they differ only while a switch is on its way.
 * Fixed-width numbers: no jumping.
 */
export function StatsPanel({ playback, ladder }: { playback: Playback; ladder: readonly CatalogRung[] }) {
  const { engine, media, errors, engineName, tracks } = playback;
  const chosen = tracks.rungs.find((r) => r.key === tracks.chosenRung) ?? null;
  const shownW = media?.videoWidth || null;
  const shownH = media?.videoHeight || null;
  const shown = matchRung(ladder, shownW, shownH);
  const audio = tracks.audio.find((a) => a.key === tracks.activeAudio);
  const text = tracks.text.find((t) => t.key === tracks.activeText);
  const rows: [string, string, string][] = [
    ['Player', engineName ?? '—', 'player-engine'],
    ['Chosen rendition', chosen ? rungLabel(ladder, chosen.width, chosen.height, chosen.bandwidth) : '—', 'player-rendition'],
    ['Displayed rendition', rungLabel(ladder, shownW, shownH, chosen && chosen.height === shownH ? chosen.bandwidth : null), 'player-displayed'],
    ['Declared bitrate', formatKbps(shown?.declared), 'player-declared'],
    ['Measured bitrate', formatKbps(shown?.measured), 'player-measured'],
    ['ABR', engineName ? (tracks.abr ? 'on' : 'off') : '—', 'player-abr'],
    ['Audio', audio ? audio.language || 'und' : '—', 'player-audio'],
    ['Captions', text ? text.language || 'und' : 'off', 'player-captions'],
    ['Video renditions', engine?.renditions != null ? String(engine.renditions) : '—', 'player-renditions'],
    ['Resolution', shownW ? `${shownW}×${shownH}` : '—', 'player-resolution'],
    ['Bandwidth estimate', formatKbps(engine?.bandwidthEstimate), 'player-bandwidth'],
    ['Buffer ahead', media ? `${media.bufferAhead.toFixed(1)} s` : '—', 'player-buffer'],
    ['Time', media ? `${media.currentTime.toFixed(2)} s` : '—', 'player-time'],
    ['Switches', String(engine?.switches ?? 0), 'player-switches'],
    ['Frames decoded / dropped', media ? `${media.totalFrames} / ${media.droppedFrames}` : '—', 'player-frames'],
  ];
  return (
    <div
      className="stats-panel"
      data-testid="player-stats"
      data-time={media?.currentTime ?? 0}
      data-frames={media?.totalFrames ?? 0}
      data-errors={errors.length}
      data-renditions={engine?.renditions ?? ''}
      data-height={shownH ?? ''}
      data-audio={audio?.language ?? ''}
    >
      <dl className="stats">
        {rows.map(([k, v, id]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="num" data-testid={id}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <div className="player-errors" aria-live="polite">
        {errors.map((e, i) => (
          <p key={i} role="alert" className="error-text small" data-testid="player-error">
            {e.message}
            {e.url && (
              <>
                {' '}
                — <code>{e.url}</code>
              </>
            )}
          </p>
        ))}
      </div>
    </div>
  );
}
