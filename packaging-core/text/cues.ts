export type { Cue } from '../types/cue.ts';

/** A subtitle file that cannot be read: says the file, the line and what is wrong there. */
export class TextTrackError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'TextTrackError';
    this.line = line;
  }
}
