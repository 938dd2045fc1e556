/** An encode that cannot start or did not produce a valid asset; the message says what to do. */
export class EncodeError extends Error {
  /** The file at fault, when one is (the source or an output). */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'EncodeError';
    this.file = file;
  }
}

/** The user canceled; partial outputs were removed. */
export class EncodeCanceledError extends Error {
  constructor() {
    super('The encode was canceled; its partial outputs were removed.');
    this.name = 'EncodeCanceledError';
  }
}
