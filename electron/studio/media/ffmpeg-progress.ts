/**
 * Turns ffmpeg's `-progress` output (blocks of key=value lines, each closed by `progress=continue` or
 * `progress=end`) into progress events. Pure: the process wrapper feeds it stdout chunks.
 */

export interface FfmpegProgress {
  /** Output time reached, in µs (from `out_time_us`; never `out_time_ms`, which holds µs too: trac #7345). */
  outTimeUs: number;
  /** 0–100 of the expected duration; 0 while the duration is unknown, 100 once ffmpeg reports `progress=end`. */
  percent: number;
  fps: number;
  /** Encode speed as a multiple of real time (ffmpeg's `speed=1.5x`); 0 when not reported yet. */
  speed: number;
  /** Seconds left at the current speed; null when the duration or the speed is unknown. */
  etaSec: number | null;
  frame: number;
  /** 'finalizing' after `progress=end`: the muxer still writes the index (faststart moves moov). */
  phase: 'encoding' | 'finalizing';
}

/** A number from a progress value; `N/A`, empty and garbage give null. Accepts `1.5x` and padded values. */
function numberOf(value: string | undefined): number | null {
  if (value == null) return null;
  const n = Number.parseFloat(value.trim());
  return Number.isFinite(n) ? n : null;
}

/** Builds one event from the fields of one block (the map holds the block's last value of each key). */
export function progressFromBlock(fields: ReadonlyMap<string, string>, durationUs?: number): FfmpegProgress {
  const ended = fields.get('progress') === 'end';
  // Early blocks report N/A or even small negative times (x264 lookahead, B-frame delay).
  const outTimeUs = Math.max(0, numberOf(fields.get('out_time_us')) ?? 0);
  const speed = Math.max(0, numberOf(fields.get('speed')) ?? 0);
  const known = durationUs != null && durationUs > 0;
  const percent = ended ? 100 : known ? Math.min(100, (outTimeUs / durationUs) * 100) : 0;
  const etaSec = ended ? 0 : known && speed > 0 ? Math.max(0, (durationUs - outTimeUs) / 1e6 / speed) : null;
  return {
    outTimeUs,
    percent,
    fps: Math.max(0, numberOf(fields.get('fps')) ?? 0),
    speed,
    etaSec,
    frame: Math.max(0, Math.trunc(numberOf(fields.get('frame')) ?? 0)),
    phase: ended ? 'finalizing' : 'encoding',
  };
}

/**
 * Incremental reader of the `-progress pipe:1` stream: chunks may split lines anywhere; a block is
 * emitted when its `progress=` line arrives.
 */
export class ProgressParser {
  private readonly durationUs: number | undefined;
  private pending = '';
  private fields = new Map<string, string>();

  constructor(durationUs?: number) {
    this.durationUs = durationUs;
  }

  push(chunk: string): FfmpegProgress[] {
    const events: FfmpegProgress[] = [];
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      this.fields.set(key, line.slice(eq + 1).trim());
      if (key === 'progress') {
        events.push(progressFromBlock(this.fields, this.durationUs));
        this.fields = new Map();
      }
    }
    return events;
  }
}
