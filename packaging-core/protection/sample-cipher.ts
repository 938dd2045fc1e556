/**
 * Encrypts samples in place for the two Common Encryption schemes:
 *  - cenc: AES-128-CTR, counter block = 8-byte per-sample IV || 64-bit block counter; the protected
 *    ranges of a sample form one continuous keystream (ISO/IEC 23001-7 §9.5).
 *  - cbcs: AES-128-CBC with the constant IV restarted at each subsample; within a protected range the
 *    pattern encrypts `crypt` blocks then skips `skip` (1:9 for video), the encrypted blocks forming
 *    one CBC chain; a trailing partial block stays clear (§10.4).
 * A sample without subsamples (audio) is protected whole.
 *
 * One cipher object serves a whole track's samples: creating one costs more than encrypting a
 * sample. cenc: an AES-ECB cipher makes each sample's keystream from its counter blocks. cbcs: one
 * running CBC cipher, each range's chain restarted at the constant IV by folding (IV ⊕ the previous
 * ciphertext block) into its first block, which is exactly what a fresh cipher would compute.
 */
import { createCipheriv, type Cipheriv } from 'node:crypto';
import type { Subsample } from '../types/protection.ts';

export interface CencParameters {
  readonly scheme: 'cenc';
  readonly key: Uint8Array;
}

export interface CbcsParameters {
  readonly scheme: 'cbcs';
  readonly key: Uint8Array;
  /** 16 bytes, the track's constant IV. */
  readonly iv: Uint8Array;
  readonly cryptBlocks: number;
  readonly skipBlocks: number;
}

/** Encrypts one sample in place; `perSampleIv` is the 8-byte cenc IV (ignored by cbcs). */
export type SampleEncryptor = (sample: Uint8Array, subsamples: readonly Subsample[] | undefined, perSampleIv: Uint8Array) => void;

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

function cencEncryptor(p: CencParameters): SampleEncryptor {
  const ecb = createCipheriv('aes-128-ecb', p.key, null).setAutoPadding(false);
  let counters = Buffer.alloc(0);
  return (sample, subsamples, iv) => {
    const ranges = protectedRanges(sample.length, subsamples);
    let total = 0;
    for (const [start, end] of ranges) total += end - start;
    const blocks = Math.ceil(total / BLOCK);
    if (blocks === 0) return;
    if (counters.length < blocks * BLOCK) counters = Buffer.alloc(Math.max(blocks * BLOCK, counters.length * 2));
    for (let b = 0; b < blocks; b++) {
      const at = b * BLOCK;
      counters.set(iv, at);
      counters.writeUInt32BE(Math.floor(b / 0x1_0000_0000), at + 8);
      counters.writeUInt32BE(b >>> 0, at + 12);
    }
    const keystream = ecb.update(counters.subarray(0, blocks * BLOCK));
    let k = 0;
    for (const [start, end] of ranges) {
      for (let i = start; i < end; i++) sample[i]! ^= keystream[k++]!;
    }
  };
}

/** The offsets of the full blocks of one protected range the pattern encrypts. */
function patternBlocks(start: number, end: number, crypt: number, skip: number): number[] {
  const blocks: number[] = [];
  const full = Math.floor((end - start) / BLOCK);
  const period = crypt + skip;
  for (let b = 0; b < full; b++) {
    if (crypt === 0 || period === 0 || b % period < crypt) blocks.push(start + b * BLOCK);
  }
  return blocks;
}

function cbcsEncryptor(p: CbcsParameters): SampleEncryptor {
  const cbc: Cipheriv = createCipheriv('aes-128-cbc', p.key, p.iv).setAutoPadding(false);
  // The chain's last ciphertext block; the cipher starts from the IV itself.
  const last = Uint8Array.from(p.iv);
  let chain = Buffer.alloc(0);
  return (sample, subsamples) => {
    for (const [start, end] of protectedRanges(sample.length, subsamples)) {
      const blocks = patternBlocks(start, end, p.cryptBlocks, p.skipBlocks);
      if (blocks.length === 0) continue;
      const length = blocks.length * BLOCK;
      if (chain.length < length) chain = Buffer.alloc(Math.max(length, chain.length * 2));
      blocks.forEach((at, k) => chain.set(sample.subarray(at, at + BLOCK), k * BLOCK));
      // Restart the chain at the IV: C0 = E(P0 ⊕ IV) = E((P0 ⊕ IV ⊕ last) ⊕ last).
      for (let i = 0; i < BLOCK; i++) chain[i]! ^= p.iv[i]! ^ last[i]!;
      const out = cbc.update(chain.subarray(0, length));
      last.set(out.subarray(length - BLOCK, length));
      blocks.forEach((at, k) => sample.set(out.subarray(k * BLOCK, (k + 1) * BLOCK), at));
    }
  };
}

export function sampleEncryptor(p: CencParameters | CbcsParameters): SampleEncryptor {
  return p.scheme === 'cenc' ? cencEncryptor(p) : cbcsEncryptor(p);
}
