/**
 * A filter's presentation time range as a range of fragment indices: widened outward to fragment
 * boundaries, so a fragment straddling either end is kept whole (segments are never cut).
 */
import { TICKS_PER_SECOND } from '../../types/media.ts';
import { DEFAULT_FILTER_TIMESCALE, type PresentationTimeRange } from '../../types/filter-definition.ts';

/** Fragments [first, end) of a timeline; empty when first >= end. */
export interface FragmentSpan {
  readonly first: number;
  readonly end: number;
}

export interface TickRange {
  readonly start: number;
  readonly end: number;
}

/** The range in 10 MHz ticks (start rounded down, end up: outward); open ends are ±Infinity. */
export function rangeTicks(range: PresentationTimeRange): TickRange {
  const scale = TICKS_PER_SECOND / (range.timescale ?? DEFAULT_FILTER_TIMESCALE);
  return {
    start: range.startTimestamp === undefined ? -Infinity : Math.floor(range.startTimestamp * scale),
    end: range.endTimestamp === undefined ? Infinity : Math.ceil(range.endTimestamp * scale),
  };
}

/** First index i in [0, n] with starts[i] > value (starts ascending). */
function upperBound(starts: Float64Array, n: number, value: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! > value) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** First index i in [0, n] with starts[i] >= value. */
function lowerBound(starts: Float64Array, n: number, value: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! >= value) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The fragments of `startTicks` (length count + 1, the last entry being the end) that overlap `range`:
 * fragment i is kept when startTicks[i] < range.end and startTicks[i + 1] > range.start.
 */
export function fragmentsInRange(startTicks: Float64Array, range: TickRange): FragmentSpan {
  const count = startTicks.length - 1;
  if (count <= 0) return { first: 0, end: 0 };
  // The fragment holding range.start is the last one starting at or before it.
  const first = Math.max(0, upperBound(startTicks, count, range.start) - 1);
  const end = lowerBound(startTicks, count, range.end);
  const overlapsFirst = startTicks[first + 1]! > range.start;
  return overlapsFirst ? { first, end: Math.max(first, end) } : { first: first + 1, end: Math.max(first + 1, end) };
}

export function intersectSpans(a: FragmentSpan, b: FragmentSpan): FragmentSpan {
  const first = Math.max(a.first, b.first);
  return { first, end: Math.max(first, Math.min(a.end, b.end)) };
}
