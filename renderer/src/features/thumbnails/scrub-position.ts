import type { ThumbnailCueData } from '@contract';

/** The cue shown at `t` seconds: the last one starting at or before it (cues are in time order). */
export function cueIndexAt(cues: readonly ThumbnailCueData[], t: number): number {
  let found = 0;
  for (const [i, c] of cues.entries()) {
    if (c.start <= t) found = i;
    else break;
  }
  return found;
}

/** The time under a pointer at `x` on a bar `width` pixels wide, clamped to the timeline. */
export function timeAtOffset(x: number, width: number, durationSec: number): number {
  if (width <= 0) return 0;
  return Math.min(durationSec, Math.max(0, (x / width) * durationSec));
}

/** The next cue index for a key, or null when the key does not move along the timeline. */
export function stepCue(key: string, index: number, count: number): number | null {
  const last = Math.max(0, count - 1);
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return Math.min(last, index + 1);
    case 'ArrowLeft':
    case 'ArrowDown':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** CSS that shows one sprite tile at `scale`: the whole sprite is scaled, then shifted to the tile. */
export function tileStyle(sprite: string, spriteWidth: number, spriteHeight: number, cue: ThumbnailCueData, scale: number) {
  return {
    width: `${cue.w * scale}px`,
    height: `${cue.h * scale}px`,
    backgroundImage: `url("${sprite}")`,
    backgroundSize: `${spriteWidth * scale}px ${spriteHeight * scale}px`,
    backgroundPosition: `${-cue.x * scale}px ${-cue.y * scale}px`,
    backgroundRepeat: 'no-repeat',
  };
}

/** `m:ss.t` — tenths show that the frame changes between whole seconds. */
export function formatScrubTime(sec: number): string {
  const tenths = Math.max(0, Math.round(sec * 10));
  const m = Math.floor(tenths / 600);
  const s = Math.floor((tenths % 600) / 10);
  return `${m}:${String(s).padStart(2, '0')}.${tenths % 10}`;
}
