import { UI_FORMATS } from '@contract';
import type { FormatKey } from '../../lib/format-labels.ts';
import { dashjsSmoothEngine } from './dashjs-engine.ts';
import type { DrmOptions } from './drm-options.ts';
import type { EngineFactory } from './engine.ts';
import { shakaEngine } from './shaka-engine.ts';

/** Which library plays which protocol (browser-playback.md's table): shaka HLS and DASH, dash.js Smooth. */
export function engineFor(format: FormatKey, drm: DrmOptions | null = null): EngineFactory {
  const { protocol, manifestType } = UI_FORMATS.find((f) => f.key === format)!;
  switch (protocol) {
    case 'hls':
    case 'dash':
      return shakaEngine(manifestType, drm);
    case 'smooth':
      return dashjsSmoothEngine(drm);
  }
}
