import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useCall } from '../../lib/use-call.ts';
import { cueIndexAt, formatScrubTime, stepCue, tileStyle, timeAtOffset } from './scrub-position.ts';
import './thumbnail-scrubber.css';

/** Tiles are 160 px wide in the sprite; shown larger so that a frame can be recognised. */
const SCALE = 1.5;

/**
 * The asset's thumbnail sprite as a scrubber: moving the pointer along the bar (or the arrow keys,
 * one cue per press) shows the frame at that time, as a player's seek preview would.
 */
export function ThumbnailScrubber({ assetId, version }: { assetId: string; version: number }) {
  const thumbs = useCall('assets.thumbnails', { id: assetId }, version);
  const [time, setTime] = useState(0);
  const data = thumbs.data;
  if (thumbs.error) return <p className="error-text small">Thumbnails: {thumbs.error}</p>;
  if (!data?.sprite || data.cues.length === 0) return null;
  const { cues, sprite } = data;
  const durationSec = cues.at(-1)?.end ?? 0;
  const index = cueIndexAt(cues, time);
  const cue = cues[index] ?? cues[0];
  if (!cue) return null;

  const onPointer = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    setTime(timeAtOffset(e.clientX - box.left, box.width, durationSec));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = stepCue(e.key, index, cues.length);
    if (next === null) return;
    e.preventDefault();
    setTime(cues[next]?.start ?? 0);
  };

  return (
    <div className="thumb-scrubber" data-testid="thumbnail-scrubber">
      <div
        className="thumb-scrubber-frame"
        data-testid="scrubber-frame"
        role="img"
        aria-label={`Frame at ${formatScrubTime(time)}`}
        style={tileStyle(sprite, data.spriteWidth, data.spriteHeight, cue, SCALE)}
      />
      <div
        className="thumb-scrubber-bar"
        data-testid="scrubber-bar"
        role="slider"
        tabIndex={0}
        aria-label="Thumbnail timeline"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationSec * 10) / 10}
        aria-valuenow={Math.round(time * 10) / 10}
        aria-valuetext={formatScrubTime(time)}
        onPointerMove={onPointer}
        onPointerDown={onPointer}
        onKeyDown={onKey}
      >
        {cues.slice(1).map((c) => (
          <span key={c.start} className="thumb-scrubber-tick" style={{ left: `${(c.start / durationSec) * 100}%` }} />
        ))}
        <span className="thumb-scrubber-head" style={{ left: `${durationSec > 0 ? (time / durationSec) * 100 : 0}%` }} />
      </div>
      <span className="num small" data-testid="scrubber-time">
        {formatScrubTime(time)} / {formatScrubTime(durationSec)} · frame {index + 1} of {cues.length}
      </span>
    </div>
  );
}
