/**
 * A response body as a list of parts: bytes built in memory (headers: moof, PES/TS packets, manifests)
 * and ranges of media files streamed as they are. The HTTP layer serves Range requests over it without
 * building the whole body.
 */
export interface FileRange {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

export type BodyPart = Uint8Array | FileRange;

export interface Body {
  readonly parts: readonly BodyPart[];
  readonly length: number;
}

export function isFileRange(part: BodyPart): part is FileRange {
  return !(part instanceof Uint8Array);
}
