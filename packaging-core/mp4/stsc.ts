import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** Runs of chunks with the same number of samples. */
export interface SampleToChunk {
  /** 1-based index of the first chunk of each run. */
  readonly firstChunk: Uint32Array;
  readonly samplesPerChunk: Uint32Array;
  /** 1-based index of the stsd entry the run's samples use. */
  readonly descriptionIndex: Uint32Array;
}

/** `stsc` (ISO 14496-12 §8.7.4). */
export function parseStsc(view: DataView, box: Box): SampleToChunk {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const n = view.getUint32(body);
  ensureRoom(box, body + 4, n * 12);
  const firstChunk = new Uint32Array(n);
  const samplesPerChunk = new Uint32Array(n);
  const descriptionIndex = new Uint32Array(n);
  for (let i = 0, at = body + 4; i < n; i++, at += 12) {
    firstChunk[i] = view.getUint32(at);
    samplesPerChunk[i] = view.getUint32(at + 4);
    descriptionIndex[i] = view.getUint32(at + 8);
  }
  return { firstChunk, samplesPerChunk, descriptionIndex };
}
