/**
 * Writes 188-byte TS packets into large buffers, with no allocation per packet: either one buffer of
 * the segment's exact size, or a series of chunks (a multiple of 188 bytes each) that are handed on as
 * they fill, so a segment can be streamed out while it is built (see PacketOutput).
 *
 * A PES is announced with its total length, so the packetizer knows in advance where it ends: the last
 * packet is padded with adaptation-field stuffing (never with bytes inside the PES), and the first
 * packet's adaptation field carries the PCR and random_access_indicator when asked.
 *
 * Continuity counters start at 0 for every PID in each segment. HLS segments are fetched and decoded
 * independently, and players reset their demuxer between discontinuous fetches; the counter only has to
 * be continuous within a segment, which is all a segment-by-segment check (or ffmpeg reading one
 * segment) can see. Concatenated segments show a counter jump at each boundary, which ffmpeg tolerates
 * for PSI and PES starts (a new payload_unit_start).
 */
import type { CopyArena } from '../io/copy-arena.ts';
import type { ByteSink } from './byte-sink.ts';
import { wrap33 } from './clock.ts';

export const TS_PACKET_SIZE = 188;
const TS_HEADER_SIZE = 4;
const TS_PAYLOAD_SIZE = TS_PACKET_SIZE - TS_HEADER_SIZE;
const SYNC_BYTE = 0x47;
const AF_RANDOM_ACCESS = 0x40;
const AF_PCR = 0x10;
/** Adaptation field length byte + flags byte. */
const AF_MIN = 2;
const PCR_SIZE = 6;
/** Copies up to this many bytes are done in a loop: cheaper than a native or WebAssembly call. */
const SMALL_COPY = 16;

/** Bytes the first packet's adaptation field takes for these options (0 = no adaptation field). */
export function adaptationFieldSize(pcr: boolean, randomAccess: boolean): number {
  return pcr || randomAccess ? AF_MIN + (pcr ? PCR_SIZE : 0) : 0;
}

/** Number of TS packets a PES of `length` bytes takes when its first packet has `firstAf` AF bytes. */
export function pesPacketCount(length: number, firstAf: number): number {
  const first = TS_PAYLOAD_SIZE - firstAf;
  return length <= first ? 1 : 1 + Math.ceil((length - first) / TS_PAYLOAD_SIZE);
}

/** Packets a PSI section takes (pointer_field + section, 0xFF filled). */
export function psiPacketCount(sectionLength: number): number {
  return Math.ceil((sectionLength + 1) / TS_PAYLOAD_SIZE);
}

/** Where the packets go: buffers to fill in turn, each handed back when full (or at the end). */
export interface PacketOutput {
  /** The next buffer to fill; its length must be a multiple of 188. */
  next(): Uint8Array;
  /** `buffer` now holds `length` bytes of packets (less than its length only for the last one). */
  filled(buffer: Uint8Array, length: number): void;
}

/** The output of a segment built whole into one buffer of exactly its size. */
export function singleBuffer(out: Uint8Array): PacketOutput {
  let given = false;
  return {
    next() {
      if (given) throw new Error(`TS writer: more packets than the ${out.length} bytes sized for them`);
      given = true;
      return out;
    },
    filled(_, length) {
      if (length !== out.length) throw new Error(`TS writer: wrote ${length} of ${out.length} bytes`);
    },
  };
}

export class TsPacketWriter implements ByteSink {
  private readonly output: PacketOutput;
  private out: Uint8Array;
  private pos = 0;
  /** Bytes in buffers already handed on. */
  private flushed = 0;
  private readonly continuity = new Uint8Array(0x2000);
  private pid = 0;
  /** Payload bytes left in the packet being filled, and in the PES being written. */
  private packetLeft = 0;
  private pesLeft = 0;

  /** Where samples and packets can be copied by WebAssembly (when both are in it). */
  private readonly arena: CopyArena | null;

  /**
   * A Uint8Array: the whole segment goes into it and must fill it exactly (see finish()). `arena`: the
   * byte arena the output's buffers and the sources may come from.
   */
  constructor(output: Uint8Array | PacketOutput, arena: CopyArena | null = null) {
    this.arena = arena;
    this.output = output instanceof Uint8Array ? singleBuffer(output) : output;
    this.out = this.output.next();
    if (this.out.length % TS_PACKET_SIZE !== 0) throw new RangeError(`TS writer: a buffer of ${this.out.length} bytes is not whole packets`);
  }

  /** Bytes written so far. */
  get written(): number {
    return this.flushed + this.pos;
  }

  /** Hands the full buffer on and starts the next; only between packets. */
  private nextBuffer(): void {
    this.output.filled(this.out, this.pos);
    this.flushed += this.pos;
    this.out = this.output.next();
    this.pos = 0;
    if (this.out.length % TS_PACKET_SIZE !== 0 || this.out.length === 0) throw new RangeError(`TS writer: a buffer of ${this.out.length} bytes is not whole packets`);
  }

  private header(pid: number, unitStart: boolean, hasPayload: boolean, afLength: number): void {
    // Every packet starts here, and buffers are whole packets: a packet never straddles two.
    if (this.pos === this.out.length) this.nextBuffer();
    const out = this.out;
    const p = this.pos;
    const cc = this.continuity[pid] ?? 0;
    out[p] = SYNC_BYTE;
    out[p + 1] = (unitStart ? 0x40 : 0) | (pid >> 8);
    out[p + 2] = pid & 0xff;
    // The counter counts payload-carrying packets only; a packet without payload repeats the last value.
    out[p + 3] = (afLength > 0 ? 0x20 : 0) | (hasPayload ? 0x10 | cc : (cc + 15) & 0x0f);
    if (hasPayload) this.continuity[pid] = (cc + 1) & 0x0f;
    this.pos = p + TS_HEADER_SIZE;
  }

  /** Adaptation field of `total` bytes (length byte included): flags, optional PCR, then 0xFF stuffing. */
  private adaptationField(total: number, flags: number, pcr: number): void {
    const out = this.out;
    let p = this.pos;
    const end = p + total;
    out[p++] = total - 1;
    if (total >= AF_MIN) {
      out[p++] = flags;
      if (flags & AF_PCR) {
        const base = wrap33(pcr);
        out[p] = Math.floor(base / 2 ** 25) & 0xff;
        out[p + 1] = (base >>> 17) & 0xff;
        out[p + 2] = (base >>> 9) & 0xff;
        out[p + 3] = (base >>> 1) & 0xff;
        out[p + 4] = ((base & 1) << 7) | 0x7e; // 6 reserved bits; extension 0 (27 MHz remainder)
        out[p + 5] = 0;
        p += PCR_SIZE;
      }
      out.fill(0xff, p, end);
    }
    this.pos = end;
  }

  private openPacket(unitStart: boolean, firstAf: number, flags: number, pcr: number): void {
    const capacity = TS_PAYLOAD_SIZE - firstAf;
    const payload = Math.min(this.pesLeft, capacity);
    const afTotal = firstAf + (capacity - payload);
    this.header(this.pid, unitStart, true, afTotal);
    if (afTotal > 0) this.adaptationField(afTotal, flags, pcr);
    this.packetLeft = payload;
  }

  /**
   * Starts a PES of `length` bytes (PES header included) on `pid`. `pcr` (90 kHz, unwrapped) < 0 = none.
   * The caller then writes exactly `length` bytes through bytes().
   */
  startPes(pid: number, length: number, pcr: number, randomAccess: boolean): void {
    if (this.pesLeft !== 0) throw new Error(`TS writer: previous PES is ${this.pesLeft} bytes short`);
    this.pid = pid;
    this.pesLeft = length;
    const flags = (randomAccess ? AF_RANDOM_ACCESS : 0) | (pcr >= 0 ? AF_PCR : 0);
    this.openPacket(true, adaptationFieldSize(pcr >= 0, randomAccess), flags, pcr);
  }

  bytes(src: Buffer, start: number, end: number): void {
    let out = this.out;
    // Sample bytes and packets both in the byte arena: each piece is copied by WebAssembly, several
    // times cheaper per call than Buffer.copy (copy-arena.ts). Else Buffer.copy; a few bytes (start
    // codes, PES and ADTS headers) go byte by byte, cheaper than either call.
    const arena = this.arena !== null && this.arena.holds(src) ? this.arena : null;
    let inArena = arena !== null && arena.holds(out);
    while (start < end) {
      if (this.packetLeft === 0) {
        if (this.pesLeft === 0) throw new Error('TS writer: more bytes written than the PES announced');
        // A run of whole continuation packets (full payload, no adaptation field) in one WebAssembly
        // call: headers and payloads together, the bulk of every segment.
        if (inArena) {
          const n = Math.min(Math.floor((end - start) / TS_PAYLOAD_SIZE), Math.floor(this.pesLeft / TS_PAYLOAD_SIZE), Math.floor((out.length - this.pos) / TS_PACKET_SIZE));
          if (n > 0) {
            const pid = this.pid;
            this.continuity[pid] = arena!.packets(src, start, out, this.pos, n, pid, this.continuity[pid]!);
            this.pos += n * TS_PACKET_SIZE;
            start += n * TS_PAYLOAD_SIZE;
            this.pesLeft -= n * TS_PAYLOAD_SIZE;
            continue;
          }
        }
        this.openPacket(false, 0, 0, -1);
        if (out !== this.out) {
          out = this.out; // a new packet may start a new buffer
          inArena = arena !== null && arena.holds(out);
        }
      }
      const n = Math.min(this.packetLeft, end - start);
      const pos = this.pos;
      if (n <= SMALL_COPY) {
        for (let i = 0; i < n; i++) out[pos + i] = src[start + i]!;
      } else if (inArena) {
        arena!.copy(src, start, start + n, out, pos);
      } else {
        src.copy(out, pos, start, start + n);
      }
      this.pos = pos + n;
      start += n;
      this.packetLeft -= n;
      this.pesLeft -= n;
    }
  }

  /** A packet with only an adaptation field carrying a PCR: keeps PCRs ≤ 100 ms apart across gaps. */
  pcrOnly(pid: number, pcr: number): void {
    this.header(pid, false, false, TS_PAYLOAD_SIZE);
    this.adaptationField(TS_PAYLOAD_SIZE, AF_PCR, pcr);
  }

  /** A PSI section (PAT, PMT) with its pointer_field, padded with 0xFF. */
  psi(pid: number, section: Uint8Array): void {
    let offset = 0;
    let first = true;
    while (offset < section.length || first) {
      this.header(pid, first, true, 0);
      const start = this.pos;
      if (first) this.out[this.pos++] = 0; // pointer_field: the section starts right here
      const n = Math.min(section.length - offset, start + TS_PAYLOAD_SIZE - this.pos);
      this.out.set(section.subarray(offset, offset + n), this.pos);
      this.pos += n;
      offset += n;
      this.out.fill(0xff, this.pos, start + TS_PAYLOAD_SIZE);
      this.pos = start + TS_PAYLOAD_SIZE;
      first = false;
    }
  }

  /**
   * Checks that everything announced was written and hands the last buffer on. With one buffer given
   * to the constructor, that buffer must be exactly full; it is returned.
   */
  finish(): Uint8Array {
    if (this.pesLeft !== 0) throw new Error(`TS writer: the last PES is ${this.pesLeft} bytes short`);
    this.output.filled(this.out, this.pos);
    return this.out;
  }
}
