/**
 * A box inside an in-memory buffer (the `moov` we read whole). Parsers get the payload range and read
 * it with a DataView, so no box is ever copied.
 */
export interface Box {
  readonly type: string;
  /** Offset of the box header in the buffer. */
  readonly start: number;
  /** Offset of the payload (after size, type and any largesize/uuid). */
  readonly payload: number;
  /** Offset just past the box. */
  readonly end: number;
}

/** Raised for a box that cannot be what it claims; the MP4 reader turns it into a MediaError. */
export class BoxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoxFormatError';
  }
}

export function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/** The boxes directly inside [start, end) of the buffer. */
export function childBoxes(view: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = fourcc(view, at + 4);
    let payload = at + 8;
    if (size === 1) {
      if (at + 16 > end) throw new BoxFormatError(`box '${type}' has a truncated 64-bit size`);
      size = Number(view.getBigUint64(at + 8));
      payload = at + 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (type === 'uuid') payload += 16;
    if (size < payload - at || at + size > end) {
      throw new BoxFormatError(`box '${type}' at offset ${at} claims ${size} bytes but only ${end - at} remain`);
    }
    boxes.push({ type, start: at, payload, end: at + size });
    at += size;
  }
  return boxes;
}

export function findChild(view: DataView, parent: Box, type: string): Box | undefined {
  return childBoxes(view, parent.payload, parent.end).find((b) => b.type === type);
}

export function requireChild(view: DataView, parent: Box, type: string): Box {
  const box = findChild(view, parent, type);
  if (!box) throw new BoxFormatError(`'${parent.type}' has no '${type}' box`);
  return box;
}

/** Follows a path of box types from a parent, e.g. ['mdia', 'minf', 'stbl']. */
export function findPath(view: DataView, parent: Box, path: readonly string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const type of path) {
    if (!box) return undefined;
    box = findChild(view, box, type);
  }
  return box;
}

/** Throws unless `bytes` more bytes fit in the box payload from `at`. */
export function ensureRoom(box: Box, at: number, bytes: number): void {
  if (at + bytes > box.end) {
    throw new BoxFormatError(`'${box.type}' is too short: needs ${at + bytes - box.payload} payload bytes, has ${box.end - box.payload}`);
  }
}

/** Version and flags of a full box (ISO 14496-12 §4.2). */
export function fullBoxHeader(view: DataView, box: Box): { version: number; flags: number; body: number } {
  ensureRoom(box, box.payload, 4);
  const word = view.getUint32(box.payload);
  return { version: word >>> 24, flags: word & 0xffffff, body: box.payload + 4 };
}
