/**
 * Encrypts one sample in place for the two Common Encryption schemes:
 *  - cenc: AES-128-CTR, counter block = 8-byte per-sample IV || 64-bit block counter; the protected
 *    ranges of a sample form one continuous keystream (ISO/IEC 23001-7 §9.5).
 *  - cbcs: AES-128-CBC with the constant IV restarted at each subsample; within a protected range the
 *    pattern encrypts `crypt` blocks then skips `skip` (1:9 for video), the encrypted blocks forming
 *    one CBC chain; a trailing partial block stays clear (§10.4).
 * A sample without subsamples (audio) is protected whole.
 */
import { createCipheriv } from 'node:crypto';
import type { Subsample } from '../types/protection.ts';

export interface CencSampleCipher {
  readonly scheme: 'cenc';
  readonly key: Uint8Array;
  /** 8 bytes. */
  readonly iv: Uint8Array;
}

export interface CbcsSampleCipher {
  readonly scheme: 'cbcs';
  readonly key: Uint8Array;
  /** 16 bytes, the track's constant IV. */
  readonly iv: Uint8Array;
  readonly cryptBlocks: number;
  readonly skipBlocks: number;
}

export type SampleCipher = CencSampleCipher | CbcsSampleCipher;

const BLOCK = 16;

function protectedRanges(length: number, subsamples: readonly Subsample[] | undefined): [number, number][] {
  if (!subsamples) return [[0, length]];
  const ranges: [number, number][] = [];
  let at = 0;
  for (const s of subsamples) {
    at += s.clear;
    if (s.protected > 0) ranges.push([at, at + s.protected]);
    at += s.protected;
  }
  if (at !== length) throw new RangeError(`subsamples cover ${at} bytes of a ${length}-byte sample`);
  return ranges;
}

function encryptCtr(sample: Uint8Array, ranges: readonly [number, number][], c: CencSampleCipher): void {
  const counter = new Uint8Array(BLOCK);
  counter.set(c.iv, 0);
  const cipher = createCipheriv('aes-128-ctr', c.key, counter);
  for (const [start, end] of ranges) sample.set(cipher.update(sample.subarray(start, end)), start);
}

/** The blocks of one protected range the pattern encrypts, as [offset] list (full blocks only). */
function patternBlocks(start: number, end: number, crypt: number, skip: number): number[] {
  const blocks: number[] = [];
  const full = Math.floor((end - start) / BLOCK);
  const period = crypt + skip;
  for (let b = 0; b < full; b++) {
    if (crypt === 0 || period === 0 || b % period < crypt) blocks.push(start + b * BLOCK);
  }
  return blocks;
}

function encryptCbcs(sample: Uint8Array, ranges: readonly [number, number][], c: CbcsSampleCipher): void {
  for (const [start, end] of ranges) {
    const blocks = patternBlocks(start, end, c.cryptBlocks, c.skipBlocks);
    if (blocks.length === 0) continue;
    const chain = new Uint8Array(blocks.length * BLOCK);
    blocks.forEach((at, k) => chain.set(sample.subarray(at, at + BLOCK), k * BLOCK));
    const cipher = createCipheriv('aes-128-cbc', c.key, c.iv).setAutoPadding(false);
    const out = cipher.update(chain);
    blocks.forEach((at, k) => sample.set(out.subarray(k * BLOCK, (k + 1) * BLOCK), at));
  }
}

export function encryptSample(sample: Uint8Array, subsamples: readonly Subsample[] | undefined, cipher: SampleCipher): void {
  const ranges = protectedRanges(sample.length, subsamples);
  if (cipher.scheme === 'cenc') encryptCtr(sample, ranges, cipher);
  else encryptCbcs(sample, ranges, cipher);
}
