/**
 * Why an ABR set (or an AMS container) cannot become an asset: a sentence naming the file and what is
 * wrong, and a hint saying what to do. The API sends it as code `invalid-set`.
 */
export class SetImportError extends Error {
  readonly file: string | undefined;
  readonly hint: string | undefined;
  constructor(message: string, options: { file?: string; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SetImportError';
    this.file = options.file;
    this.hint = options.hint;
  }
}
