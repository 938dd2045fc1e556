/**
 * Errors the origin answers with: an HTTP status, AMS's error code (streaming-formats.md §5.5) and a
 * sentence saying what was wrong. Never a stack trace.
 */
export class OriginError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'OriginError';
    this.status = status;
    this.code = code;
  }
}

/** An asset that cannot be packaged (truncated MP4, missing moov, unsupported codec, unaligned GOPs). */
export class MediaError extends Error {
  /** The file at fault, when one is. */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'MediaError';
    this.file = file;
  }
}
