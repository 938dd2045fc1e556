/**
 * CEA-608/708 captions carried inside H.264/HEVC video (ATSC A/53 Part 4): SEI messages of type 4
 * (user data registered by ITU-T T.35, country 0xB5, provider 0x0031, `GA94`, user data type 3) hold
 * `cc_data` triplets. This finds which caption channels a stream uses, from its samples, so the
 * manifests can signal them (players read the captions from the video itself):
 *  - 608 (cc_type 0 = field 1, 1 = field 2): the data channel of each control code says CC1/CC2 on
 *    field 1 and CC3/CC4 on field 2; a field carrying only text bytes counts as its first channel;
 *  - 708 (cc_type 3 starts a DTVCC packet, 2 continues it): the service numbers of its service blocks.
 * Null padding (0x80 0x80, invalid triplets, service 0) signals nothing.
 */
import type { Cea608Channel } from '../types/media.ts';
import { unescapeRbsp } from './sps.ts';

export interface CaptionScan {
  readonly cea608: Set<Cea608Channel>;
  readonly cea708: Set<number>;
  /** 608 text bytes seen per field (field 1, field 2): a field with text but no control code is its first channel. */
  readonly textOnField: [boolean, boolean];
  /** The DTVCC packet being gathered (it may span samples). */
  packet: number[] | null;
}

export function emptyCaptionScan(): CaptionScan {
  return { cea608: new Set(), cea708: new Set(), textOnField: [false, false], packet: null };
}

const GA94 = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03];

/** One DTVCC packet (CEA-708 §5): header byte, then service blocks up to its size. */
function readDtvccPacket(packet: readonly number[], into: Set<number>): void {
  const code = packet[0]! & 0x3f;
  const size = Math.min(packet.length, code === 0 ? 128 : code * 2);
  let at = 1;
  while (at < size) {
    let service = packet[at]! >> 5;
    const blockSize = packet[at]! & 0x1f;
    if (service === 0) return;
    at++;
    if (service === 7) service = packet[at++]! & 0x3f;
    if (blockSize > 0) into.add(service);
    at += blockSize;
  }
}

function readCcData(data: Uint8Array, at: number, end: number, scan: CaptionScan): void {
  const flags = data[at]!;
  if ((flags & 0x40) === 0) return; // process_cc_data_flag
  const count = flags & 0x1f;
  at += 2; // flags, em_data
  for (let i = 0; i < count && at + 3 <= end; i++, at += 3) {
    const valid = (data[at]! & 0x04) !== 0;
    const type = data[at]! & 0x03;
    const b1 = data[at + 1]! & 0x7f;
    const b2 = data[at + 2]! & 0x7f;
    if (!valid) continue;
    if (type <= 1) {
      if (b1 === 0 && b2 === 0) continue;
      // Control codes 0x10–0x1F: bit 3 is the data channel (0 → CC1/CC3, 1 → CC2/CC4).
      if (b1 >= 0x10 && b1 <= 0x1f) scan.cea608.add(type === 0 ? ((b1 & 0x08) === 0 ? 'CC1' : 'CC2') : (b1 & 0x08) === 0 ? 'CC3' : 'CC4');
      else if (b1 >= 0x20) scan.textOnField[type] = true;
      continue;
    }
    if (type === 3) {
      if (scan.packet) readDtvccPacket(scan.packet, scan.cea708);
      scan.packet = [data[at + 1]!, data[at + 2]!];
    } else if (scan.packet) {
      scan.packet.push(data[at + 1]!, data[at + 2]!);
    }
  }
}

/** SEI messages of one SEI NAL payload (after the NAL header, emulation prevention removed). */
function readSei(rbsp: Uint8Array, scan: CaptionScan): void {
  let at = 0;
  while (at < rbsp.length && rbsp[at] !== 0x80) {
    let type = 0;
    while (rbsp[at] === 0xff) type += rbsp[at++]!;
    type += rbsp[at++] ?? 0;
    let size = 0;
    while (rbsp[at] === 0xff) size += rbsp[at++]!;
    size += rbsp[at++] ?? 0;
    const end = Math.min(at + size, rbsp.length);
    if (type === 4 && end - at > GA94.length + 2 && GA94.every((b, k) => rbsp[at + k] === b)) {
      readCcData(rbsp, at + GA94.length, end, scan);
    }
    at = end;
  }
}

/**
 * Adds the caption channels found in one sample (length-prefixed NAL units) to `scan`. `hevc` selects
 * HEVC's two-byte NAL header and prefix-SEI type 39 instead of H.264's one byte and type 6. Scan
 * samples in decode order with one `scan`, then call finishCaptionScan.
 */
export function scanSampleForCaptions(sample: Uint8Array, nalLengthSize: number, hevc: boolean, scan: CaptionScan): void {
  let at = 0;
  while (at + nalLengthSize <= sample.length) {
    let length = 0;
    for (let k = 0; k < nalLengthSize; k++) length = length * 256 + sample[at + k]!;
    at += nalLengthSize;
    const end = Math.min(at + length, sample.length);
    if (end > at) {
      const type = hevc ? (sample[at]! >> 1) & 0x3f : sample[at]! & 0x1f;
      const header = hevc ? 2 : 1;
      if ((hevc ? type === 39 : type === 6) && end - at > header) readSei(unescapeRbsp(sample.subarray(at + header, end)), scan);
    }
    at = end;
  }
}

/**
 * Closes a scan: a DTVCC packet still open is read as it stands, and a 608 field that carried text
 * without any control code naming its channel counts as its first channel.
 */
export function finishCaptionScan(scan: CaptionScan): void {
  if (scan.packet) readDtvccPacket(scan.packet, scan.cea708);
  scan.packet = null;
  if (scan.textOnField[0] && !scan.cea608.has('CC1') && !scan.cea608.has('CC2')) scan.cea608.add('CC1');
  if (scan.textOnField[1] && !scan.cea608.has('CC3') && !scan.cea608.has('CC4')) scan.cea608.add('CC3');
}
