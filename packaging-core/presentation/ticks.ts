import { TICKS_PER_SECOND } from '../types/media.ts';

/** A native-timescale time as 10 MHz ticks, rounded from the absolute value (never accumulated). */
export function toTicks(time: number, timescale: number): number {
  return Math.round((time * TICKS_PER_SECOND) / timescale);
}

export function ticksToSeconds(ticks: number): string {
  return `${(ticks / TICKS_PER_SECOND).toFixed(3)} s`;
}
