/** WebVTT timestamps (`hh:mm:ss.ttt`) from and to whole milliseconds. */

export function formatVttTime(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const millis = ms % 1000;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, '0')}`;
}

/**
 * `[hh:]mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SRT, comma) → milliseconds; undefined when malformed.
 * Minutes and seconds must be two digits below 60, as both formats require.
 */
export function parseCueTime(value: string): number | undefined {
  const m = /^(?:(\d{1,}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/.exec(value.trim());
  if (!m) return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}
