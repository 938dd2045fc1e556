import type { FormatKey } from '../../lib/format-labels.ts';
import { dashjsSmoothEngine } from './dashjs-engine.ts';
import type { DrmOptions } from './drm-options.ts';
import type { EngineFactory } from './engine.ts';
import { shakaEngine } from './shaka-engine.ts';

const HLS = 'application/x-mpegurl';
const DASH = 'application/dash+xml';

/** Which library plays which format (browser-playback.md's table). */
export function engineFor(format: FormatKey, drm: DrmOptions | null = null): EngineFactory {
  switch (format) {
    case 'hls-v4':
    case 'hls-v3':
    case 'hls-cmaf':
      return shakaEngine(HLS, drm);
    case 'dash-csf':
    case 'dash-cmaf':
      return shakaEngine(DASH, drm);
    case 'smooth':
      return dashjsSmoothEngine(drm);
  }
}
