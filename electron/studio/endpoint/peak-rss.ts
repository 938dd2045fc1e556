/**
 * The process's own peak resident memory, in bytes. Not getrusage's ru_maxrss
 * (process.resourceUsage().maxRSS): Linux carries the parent's RSS at fork into a forked child's
 * maxrss (the mm it had before exec), so an origin worker forked by a 160 MiB process reports 160 MiB
 * even while it never used more than 90. VmHWM in /proc/self/status is the high-water mark of this
 * process's own memory; elsewhere, ru_maxrss is what there is.
 */
import { readFileSync } from 'node:fs';

export function peakRss(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}
