/**
 * A small number per presentation object, for cache keys: a presentation is replaced (a new object)
 * when its asset's files change or a filter is applied, so keys built on it never serve stale bytes,
 * and the object is not kept alive by the key.
 */
import type { Presentation } from '../types/media.ts';

const ids = new WeakMap<Presentation, number>();
let next = 1;

export function presentationId(p: Presentation): number {
  let id = ids.get(p);
  if (id === undefined) {
    id = next++;
    ids.set(p, id);
  }
  return id;
}
