/**
 * A small MPEG-TS reader for tests: splits packets, checks the structural rules our muxer promises
 * (sync bytes, continuity counters, adaptation field layout, PSI CRCs) and reassembles PES packets.
 * Independent of packaging-core/mp2t on purpose: it re-derives every field from the bytes.
 */

export interface TsPacketInfo {
  readonly index: number;
  readonly pid: number;
  readonly unitStart: boolean;
  readonly cc: number;
  readonly hasPayload: boolean;
  readonly adaptationLength: number; // -1 = no adaptation field
  readonly randomAccess: boolean;
  /** PCR base (90 kHz), or undefined. */
  readonly pcr: number | undefined;
  readonly payload: Uint8Array;
}

export interface ParsedPes {
  readonly pid: number;
  readonly streamId: number;
  readonly lengthField: number;
  readonly pts: number | undefined;
  readonly dts: number | undefined;
  readonly dataAlignment: boolean;
  readonly randomAccess: boolean;
  readonly pcr: number | undefined;
  /** Elementary stream bytes (after the PES header). */
  readonly data: Uint8Array;
}

export interface ParsedTs {
  readonly packets: TsPacketInfo[];
  readonly pes: ParsedPes[];
  /** Sections by PID (0 = PAT), CRC checked. */
  readonly sections: Map<number, Uint8Array>;
  readonly pmtPid: number;
  readonly pcrPid: number;
  readonly streams: { type: number; pid: number; descriptors: Uint8Array }[];
}

export function crc32Reference(bytes: Uint8Array): number {
  // Bitwise, no table: a second implementation to check the muxer's table-driven one.
  let crc = 0xffffffff;
  for (const b of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >>> 31) ^ (b >> bit)) & 1;
      crc = ((crc << 1) ^ (top ? 0x04c11db7 : 0)) >>> 0;
    }
  }
  return crc;
}

function timestamp(b: Uint8Array, p: number): number {
  const b0 = b[p]!,
    b1 = b[p + 1]!,
    b2 = b[p + 2]!,
    b3 = b[p + 3]!,
    b4 = b[p + 4]!;
  if ((b0 & 1) !== 1 || (b2 & 1) !== 1 || (b4 & 1) !== 1)
    throw new Error('PES timestamp marker bits missing');
  return ((b0 >> 1) & 7) * 2 ** 30 + ((b1 << 7) | (b2 >> 1)) * 2 ** 15 + ((b3 << 7) | (b4 >> 1));
}

/** Decode time (DTS, else PTS) of the PES starting in this packet payload. */
export function pesStartDts(payload: Uint8Array): number {
  const flags = payload[7]! >> 6;
  return timestamp(payload, flags === 3 ? 14 : 9);
}

export function parsePacket(ts: Uint8Array, index: number): TsPacketInfo {
  const p = index * 188;
  if (ts[p] !== 0x47) throw new Error(`packet ${index}: no sync byte`);
  const pid = ((ts[p + 1]! & 0x1f) << 8) | ts[p + 2]!;
  const afc = (ts[p + 3]! >> 4) & 3;
  if (afc === 0) throw new Error(`packet ${index}: adaptation_field_control 0 is reserved`);
  if ((ts[p + 1]! & 0x80) !== 0) throw new Error(`packet ${index}: transport_error_indicator set`);
  let q = p + 4;
  let adaptationLength = -1;
  let randomAccess = false;
  let pcr: number | undefined;
  if (afc & 2) {
    adaptationLength = ts[q]!;
    const max = afc === 2 ? 183 : 182;
    if (adaptationLength > max)
      throw new Error(`packet ${index}: adaptation field ${adaptationLength} > ${max}`);
    if (afc === 2 && adaptationLength !== 183)
      throw new Error(`packet ${index}: AF-only packet must fill 183 bytes`);
    if (adaptationLength > 0) {
      const flags = ts[q + 1]!;
      randomAccess = (flags & 0x40) !== 0;
      let r = q + 2;
      if (flags & 0x10) {
        pcr =
          ts[r]! * 2 ** 25 + ((ts[r + 1]! << 17) | (ts[r + 2]! << 9) | (ts[r + 3]! << 1) | (ts[r + 4]! >> 7));
        if ((ts[r + 4]! & 0x7e) !== 0x7e) throw new Error(`packet ${index}: PCR reserved bits not set`);
        r += 6;
      }
      if (flags & 0x0f) throw new Error(`packet ${index}: unexpected adaptation field flags ${flags}`);
      for (; r < q + 1 + adaptationLength; r++) {
        if (ts[r] !== 0xff) throw new Error(`packet ${index}: stuffing byte ${ts[r]} is not 0xFF`);
      }
    }
    q += 1 + adaptationLength;
  }
  return {
    index,
    pid,
    unitStart: (ts[p + 1]! & 0x40) !== 0,
    cc: ts[p + 3]! & 0x0f,
    hasPayload: (afc & 1) !== 0,
    adaptationLength,
    randomAccess,
    pcr,
    payload: afc & 1 ? ts.subarray(q, p + 188) : new Uint8Array(0),
  };
}

function parseSection(bytes: Uint8Array, what: string): Uint8Array {
  const length = ((bytes[1]! & 0x0f) << 8) | bytes[2]!;
  const section = bytes.subarray(0, 3 + length);
  const crc = crc32Reference(section.subarray(0, section.length - 4));
  const stored = new DataView(section.buffer, section.byteOffset + section.length - 4, 4).getUint32(0);
  if (crc !== stored) throw new Error(`${what}: CRC mismatch`);
  return section;
}

/** Parses a whole TS, throwing on any structural error; `segmentLength` resets counter checks per segment. */
export function parseTs(ts: Uint8Array, segmentStarts: readonly number[] = [0]): ParsedTs {
  if (ts.length % 188 !== 0) throw new Error(`TS length ${ts.length} is not a multiple of 188`);
  const packets: TsPacketInfo[] = [];
  const lastCc = new Map<number, number>();
  const open = new Map<number, { pcr: number | undefined; rai: boolean; chunks: Uint8Array[] }>();
  const pes: ParsedPes[] = [];
  const sections = new Map<number, Uint8Array>();
  const starts = new Set(segmentStarts.map((b) => b / 188));
  let pmtPid = -1;
  let pcrPid = -1;
  const streams: ParsedTs['streams'] = [];

  const closePes = (pid: number): void => {
    const o = open.get(pid);
    if (!o) return;
    open.delete(pid);
    const all = Buffer.concat(o.chunks);
    if (all[0] !== 0 || all[1] !== 0 || all[2] !== 1) throw new Error(`PID ${pid}: PES start code missing`);
    const lengthField = (all[4]! << 8) | all[5]!;
    if (lengthField !== 0 && lengthField !== all.length - 6) {
      throw new Error(`PID ${pid}: PES packet size mismatch (${lengthField} vs ${all.length - 6})`);
    }
    if ((all[6]! & 0xc0) !== 0x80) throw new Error(`PID ${pid}: PES header marker bits`);
    const flags = all[7]! >> 6;
    const headerLength = all[8]!;
    const pts = flags & 2 ? timestamp(all, 9) : undefined;
    const dts = flags === 3 ? timestamp(all, 14) : undefined;
    if (flags === 2 && all[9]! >> 4 !== 2) throw new Error(`PID ${pid}: PTS-only prefix`);
    if (flags === 3 && (all[9]! >> 4 !== 3 || all[14]! >> 4 !== 1))
      throw new Error(`PID ${pid}: PTS/DTS prefixes`);
    pes.push({
      pid,
      streamId: all[3]!,
      lengthField,
      pts,
      dts,
      dataAlignment: (all[6]! & 0x04) !== 0,
      randomAccess: o.rai,
      pcr: o.pcr,
      data: all.subarray(9 + headerLength),
    });
  };

  for (let i = 0; i < ts.length / 188; i++) {
    const pkt = parsePacket(ts, i);
    packets.push(pkt);
    if (starts.has(i)) lastCc.clear();
    const last = lastCc.get(pkt.pid);
    if (pkt.hasPayload) {
      if (last !== undefined && pkt.cc !== ((last + 1) & 15)) {
        throw new Error(`packet ${i} PID ${pkt.pid}: continuity counter ${pkt.cc} after ${last}`);
      }
      if (last === undefined && pkt.cc !== 0)
        throw new Error(`packet ${i} PID ${pkt.pid}: counter starts at ${pkt.cc}`);
      lastCc.set(pkt.pid, pkt.cc);
    } else if (last !== undefined && pkt.cc !== last) {
      throw new Error(
        `packet ${i} PID ${pkt.pid}: counter of a packet without payload changed (${pkt.cc} after ${last})`,
      );
    }
    if (pkt.pid === 0 || pkt.pid === pmtPid) {
      if (!pkt.unitStart || pkt.payload[0] !== 0)
        throw new Error(`packet ${i}: PSI must start in its packet with pointer 0`);
      const section = parseSection(pkt.payload.subarray(1), `PSI on PID ${pkt.pid}`);
      for (const b of pkt.payload.subarray(1 + section.length))
        if (b !== 0xff) throw new Error('PSI padding is not 0xFF');
      sections.set(pkt.pid, section);
      if (pkt.pid === 0) {
        if (section[0] !== 0) throw new Error('PAT table_id');
        pmtPid = ((section[10]! & 0x1f) << 8) | section[11]!;
      } else {
        if (section[0] !== 2) throw new Error('PMT table_id');
        pcrPid = ((section[8]! & 0x1f) << 8) | section[9]!;
        const infoLength = ((section[10]! & 0x0f) << 8) | section[11]!;
        streams.length = 0;
        for (let q = 12 + infoLength; q < section.length - 4;) {
          const esLength = ((section[q + 3]! & 0x0f) << 8) | section[q + 4]!;
          streams.push({
            type: section[q]!,
            pid: ((section[q + 1]! & 0x1f) << 8) | section[q + 2]!,
            descriptors: section.subarray(q + 5, q + 5 + esLength),
          });
          q += 5 + esLength;
        }
      }
      continue;
    }
    if (!pkt.hasPayload) continue;
    if (pkt.unitStart) {
      closePes(pkt.pid);
      open.set(pkt.pid, { pcr: pkt.pcr, rai: pkt.randomAccess, chunks: [pkt.payload] });
    } else {
      const o = open.get(pkt.pid);
      if (!o) throw new Error(`packet ${i} PID ${pkt.pid}: payload without a PES start`);
      o.chunks.push(pkt.payload);
    }
  }
  for (const pid of [...open.keys()]) closePes(pid);
  return { packets, pes, sections, pmtPid, pcrPid, streams };
}
