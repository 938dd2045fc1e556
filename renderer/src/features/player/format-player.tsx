import { useMemo, useState } from 'react';
import type { FormatKey } from '../../lib/format-labels.ts';
import { errorText } from '../../lib/api-error.ts';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import type { DrmOptions } from './drm-options.ts';
import { engineFor } from './engine-for.ts';
import type { CatalogRung } from './catalog-ladder.ts';
import { PlayerControls } from './player-controls.tsx';
import { StatsPanel } from './stats-panel.tsx';
import { usePlayback } from './use-playback.ts';

/**
 * One format playing, with its stats beside it — or, while the streaming endpoint is stopped, that
 * plainly and a way to start it (a player would only report a network error such as shaka's 1002).
 */
export function FormatPlayer({ format, url, drm = null, ladder = [] }: { format: FormatKey; url: string; drm?: DrmOptions | null; ladder?: readonly CatalogRung[] }) {
  const client = useClient();
  const status = useCall('endpoint.status', {});
  const [starting, setStarting] = useState<string | null>(null);
  if (status.data?.state === 'Stopped') {
    const start = () => {
      setStarting('Starting…');
      client.call('endpoint.start', {}).then(
        () => {
          setStarting(null);
          status.reload();
        },
        (e: unknown) => setStarting(errorText(e)),
      );
    };
    return (
      <div className="format-player endpoint-stopped" data-testid="endpoint-stopped" role="status">
        <p>
          The streaming endpoint is stopped, so nothing can play.{' '}
          <button type="button" onClick={start} disabled={starting === 'Starting…'}>
            Start it
          </button>
        </p>
        {starting && <p className="muted small">{starting}</p>}
      </div>
    );
  }
  if (!status.data && !status.error) return <p className="muted small">Checking the streaming endpoint…</p>;
  return <Playing format={format} url={url} drm={drm} ladder={ladder} />;
}

function Playing({ format, url, drm, ladder }: { format: FormatKey; url: string; drm: DrmOptions | null; ladder: readonly CatalogRung[] }) {
  const factory = useMemo(() => engineFor(format, drm), [format, drm]);
  const [videoRef, playback] = usePlayback(factory, url);
  return (
    <div className="format-player" data-testid="format-player" data-format={format}>
      <div className="player-main">
        {/* The frame positions caption overlays (dash.js's TTML div) over the video. */}
        <div className="video-frame">
          <video ref={videoRef} className="video" controls muted playsInline />
        </div>
        <PlayerControls playback={playback} ladder={ladder} />
      </div>
      <StatsPanel playback={playback} ladder={ladder} />
    </div>
  );
}
