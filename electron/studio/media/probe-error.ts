/** Why a file cannot be imported, with a message the import dialog shows as is (encoding.md §5). */
export type ProbeErrorReason =
  | 'not-found'
  /** The file exists but cannot be read (permissions, a locked or offline file). */
  | 'unreadable'
  | 'not-media'
  | 'truncated'
  | 'unsupported'
  | 'empty';

export class ProbeError extends Error {
  readonly file: string;
  readonly reason: ProbeErrorReason;

  constructor(file: string, reason: ProbeErrorReason, message: string) {
    super(message);
    this.name = 'ProbeError';
    this.file = file;
    this.reason = reason;
  }
}
