/**
 * Which video encoders the user may choose (issues 4, 14): per codec its software encoder, the
 * default (libx264, libx265, libsvtav1), and the hardware ones that passed detectCapabilities' trial encode. The trials take a few seconds, so detection starts
 * in the background when the studio opens and `encoders.list` says whether it is still running
 * instead of making the UI wait; detectCapabilities caches the result per ffmpeg binary and version.
 */
import type { EncoderListData } from '../api/contract.ts';
import {
  codecOfEncoder,
  isHardwareEncoder,
  isVideoEncoderName,
  SOFTWARE_ENCODERS,
  VIDEO_ENCODER_LABELS,
  VIDEO_ENCODERS,
  type VideoEncoderName,
} from '../encoding/video-encoder-names.ts';
import type { FfmpegCapabilities } from '../media/capabilities.ts';
import { StudioApiError } from './api-error.ts';

type Entry = EncoderListData['encoders'][number];

const DETECTING = 'Detection is still running (a short trial encode per hardware encoder).';

/** The list as the API gives it; `capabilities` null while detection runs or after it failed. */
export function encoderList(capabilities: FfmpegCapabilities | null, pendingReason = DETECTING): Entry[] {
  return VIDEO_ENCODERS.map((name): Entry => {
    const hardware = isHardwareEncoder(name);
    const base = { name, codec: codecOfEncoder(name), label: VIDEO_ENCODER_LABELS[name], hardware, default: !hardware };
    if (!capabilities) return { ...base, available: false, reason: pendingReason };
    if (!hardware) {
      const compiled = name === 'libx264' ? capabilities.libx264 : capabilities.encoders.includes(name);
      return compiled
        ? { ...base, available: true, reason: null }
        : { ...base, available: false, reason: `This ffmpeg was built without ${name}; choose an ffmpeg build with it in Settings.` };
    }
    const trial = capabilities.hardware.find((h) => h.encoder === name);
    if (trial?.usable) return { ...base, available: true, reason: null };
    return { ...base, available: false, reason: trial?.reason ?? 'not compiled into this ffmpeg' };
  });
}

interface Run {
  readonly promise: Promise<FfmpegCapabilities>;
  capabilities: FfmpegCapabilities | null;
  error: Error | null;
}

export class EncoderDetection {
  readonly #detect: () => Promise<FfmpegCapabilities>;
  #run: Run | null = null;

  /** `detect` resolves the current ffmpeg and detects it (cached by detectCapabilities). */
  constructor(detect: () => Promise<FfmpegCapabilities>) {
    this.#detect = detect;
  }

  /** Starts detection in the background (studio start). */
  start(): void {
    this.#begin();
  }

  /**
   * A fresh run each call: a cached detection settles at once, and a changed ffmpeg (Settings) is
   * detected anew. A run that failed is not kept, so the next call tries again.
   */
  #begin(): Run {
    const promise = this.#detect();
    const run: Run = { promise, capabilities: null, error: null };
    promise.then(
      (c) => {
        run.capabilities = c;
      },
      (err: unknown) => {
        run.error = err instanceof Error ? err : new Error(String(err));
      },
    );
    this.#run = run;
    return run;
  }

  async list(opts: { wait?: boolean } = {}): Promise<EncoderListData> {
    const running = this.#run;
    const run = running && running.capabilities === null && running.error === null ? running : this.#begin();
    if (opts.wait) await run.promise.catch(() => undefined);
    // Lets an already-settled (cached) detection report its result rather than "still running".
    else await new Promise((resolve) => setTimeout(resolve, 0));
    if (run.error) {
      const reason = `Encoder detection failed: ${run.error.message}`;
      return { detecting: false, error: run.error.message, encoders: encoderList(null, reason) };
    }
    return { detecting: run.capabilities === null, error: null, encoders: encoderList(run.capabilities) };
  }

  /** Waits for detection and refuses an encoder that is unknown or did not pass its trial here. */
  async require(name: string): Promise<VideoEncoderName> {
    const { encoders, error } = await this.list({ wait: true });
    const entry = encoders.find((e) => e.name === name);
    if (!entry || !isVideoEncoderName(entry.name)) {
      throw new StudioApiError('invalid-argument', `Unknown video encoder "${name}".`, `Choose one of ${VIDEO_ENCODERS.join(', ')}.`);
    }
    if (!entry.available) {
      const why = error ?? entry.reason ?? 'it did not pass its trial encode';
      throw new StudioApiError(
        'encoder-unavailable',
        `The ${entry.label} encoder (${entry.name}) cannot be used on this machine: ${why}`,
        `Encode with the software encoder (${SOFTWARE_ENCODERS[entry.codec]}), or fix the driver and restart the studio.`,
      );
    }
    return entry.name;
  }
}
