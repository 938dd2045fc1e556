/**
 * An origin's memory as people read it: each cache and reserve by name, in bytes (open presentations:
 * a count). The one wording of the studio's memory report and of bench:origin.
 */
import type { OriginMemory } from './origin-handler.ts';

export function originMemoryReport(memory: OriginMemory, presentations: { readonly bytes: number; readonly size: number }): Record<string, number> {
  return {
    'TS segments': memory.segmentCacheBytes,
    'manifests and inits': memory.textCacheBytes,
    'rendered answers (mostly the same bytes)': memory.replyCacheBytes,
    'filtered presentations': memory.filteredPresentationBytes,
    'idle buffers': memory.idleBufferBytes,
    'byte arena (fixed)': memory.byteArenaBytes,
    'byte arena in use': memory.byteArenaUsedBytes,
    'presentations (bytes)': presentations.bytes,
    'open presentations': presentations.size,
  };
}
