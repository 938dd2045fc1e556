import { formatKbps } from '../../lib/format.ts';
import type { Playback } from './use-playback.ts';

/** What a streaming engineer looks at while a stream plays. Fixed-width numbers: no jumping. */
export function StatsPanel({ playback }: { playback: Playback }) {
  const { engine, media, errors, engineName } = playback;
  const rows: [string, string, string][] = [
    ['Player', engineName ?? '—', 'player-engine'],
    ['Rendition', engine?.rendition ?? '—', 'player-rendition'],
    ['Video renditions', engine?.renditions != null ? String(engine.renditions) : '—', 'player-renditions'],
    ['Resolution', media && media.videoWidth ? `${media.videoWidth}×${media.videoHeight}` : '—', 'player-resolution'],
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
