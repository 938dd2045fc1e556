import { useMemo } from 'react';
import type { FormatKey } from '../../lib/format-labels.ts';
import type { DrmOptions } from './drm-options.ts';
import { engineFor } from './engine-for.ts';
import { StatsPanel } from './stats-panel.tsx';
import { usePlayback } from './use-playback.ts';

/** One format playing, with its stats beside it. */
export function FormatPlayer({ format, url, drm = null }: { format: FormatKey; url: string; drm?: DrmOptions | null }) {
  const factory = useMemo(() => engineFor(format, drm), [format, drm]);
  const [videoRef, playback] = usePlayback(factory, url);
  return (
    <div className="format-player" data-testid="format-player" data-format={format}>
      <video ref={videoRef} className="video" controls muted playsInline />
      <StatsPanel playback={playback} />
    </div>
  );
}
