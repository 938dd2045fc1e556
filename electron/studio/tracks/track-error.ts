/** A track change the studio refuses, with a stable API code and what the user can do. */
export type TrackErrorCode = 'invalid-argument' | 'invalid-text-track' | 'invalid-audio-track' | 'invalid-asset' | 'conflict' | 'not-supported';

export class TrackError extends Error {
  readonly code: TrackErrorCode;
  readonly hint: string | undefined;
  constructor(code: TrackErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackError';
    this.code = code;
    this.hint = hint;
  }
}
