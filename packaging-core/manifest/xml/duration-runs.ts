/**
 * Run-length form of a fragment timeline, shared by DASH SegmentTimeline and Smooth `c` elements:
 * consecutive fragments of equal duration collapse into one run. Starts come straight from
 * `startTicks`, so every time a client derives (t + k·d) is a real fragment start.
 */
export interface DurationRun {
  /** Start of the run's first fragment (10 MHz ticks). */
  readonly start: number;
  readonly duration: number;
  /** Fragments in the run (≥ 1). DASH writes count − 1 as `r`, Smooth writes count. */
  readonly count: number;
  /** True when the run does not start where the previous one ended (needs an explicit `t`). */
  readonly gap: boolean;
}

export function durationRuns(startTicks: Float64Array): DurationRun[] {
  const runs: DurationRun[] = [];
  let previousEnd = Number.NaN;
  let current: { start: number; duration: number; count: number; gap: boolean } | undefined;
  for (let i = 0; i + 1 < startTicks.length; i++) {
    const start = startTicks[i]!;
    const duration = startTicks[i + 1]! - start;
    if (current && duration === current.duration && start === previousEnd) {
      current.count++;
    } else {
      if (current) runs.push(current);
      current = { start, duration, count: 1, gap: start !== previousEnd };
    }
    previousEnd = start + duration;
  }
  if (current) runs.push(current);
  return runs;
}

export function sameTimeline(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
