/**
 * Per-fragment sample auxiliary information (ISO/IEC 23001-7 §7): `senc` holds each sample's IV and
 * subsample map; `saiz`/`saio` say where and how big that information is, for readers that do not
 * parse senc. Smooth Streaming's PIFF 1.1 carries the same payload in its SampleEncryptionBox `uuid`.
 */
import type { SampleAuxInfo } from '../types/protection.ts';
import { box, concat, fullBox, u16, u32, u8, uuidBytes } from './write-box.ts';

const SENC_USE_SUBSAMPLES = 0x2;
const PIFF_SAMPLE_ENCRYPTION = uuidBytes('a2394f52-5a9b-4f14-a244-6c427c648df4');

function entry(info: SampleAuxInfo, withSubsamples: boolean): Uint8Array {
  const parts = [info.iv];
  if (withSubsamples) {
    const subs = info.subsamples ?? [];
    parts.push(u16(subs.length));
    for (const s of subs) parts.push(u16(s.clear), u32(s.protected));
  }
  return concat(parts);
}

function payload(samples: readonly SampleAuxInfo[]): { flags: number; entries: Uint8Array[] } {
  const withSubsamples = samples.some((s) => s.subsamples !== undefined);
  return {
    flags: withSubsamples ? SENC_USE_SUBSAMPLES : 0,
    entries: samples.map((s) => entry(s, withSubsamples)),
  };
}

/** Offset of the first sample's info inside a senc (or PIFF uuid) box, from the box's first byte. */
export function sencInfoOffset(piff: boolean): number {
  return piff ? 8 + 16 + 4 + 4 : 8 + 4 + 4;
}

export function senc(samples: readonly SampleAuxInfo[]): Uint8Array {
  const { flags, entries } = payload(samples);
  return fullBox('senc', 0, flags, u32(samples.length), ...entries);
}

export function piffSampleEncryption(samples: readonly SampleAuxInfo[]): Uint8Array {
  const { flags, entries } = payload(samples);
  return box('uuid', PIFF_SAMPLE_ENCRYPTION, u8(0), u8(0), u8(0), u8(flags), u32(samples.length), ...entries);
}

/** Per-sample info sizes: one default when all agree, else a table. */
export function saiz(samples: readonly SampleAuxInfo[]): Uint8Array {
  const { entries } = payload(samples);
  const first = entries[0]?.length ?? 0;
  const same = entries.every((e) => e.length === first);
  if (same) return fullBox('saiz', 0, 0, u8(first), u32(entries.length));
  return fullBox('saiz', 0, 0, u8(0), u32(entries.length), Uint8Array.from(entries.map((e) => e.length)));
}

/** One offset, from the moof's first byte (the base of a default-base-is-moof traf). */
export function saio(offsetFromMoof: number): Uint8Array {
  return fullBox('saio', 0, 0, u32(1), u32(offsetFromMoof));
}
