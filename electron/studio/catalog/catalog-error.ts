/**
 * What went wrong in a catalog, publishing or job operation, in words the user can act on, with a
 * stable code the API and UI can branch on.
 */
export type CatalogErrorCode =
  | 'not-found'
  | 'invalid-argument'
  | 'conflict'
  | 'disk-full'
  | 'storage'
  | 'newer-schema'
  | 'migration-failed';

export class CatalogError extends Error {
  readonly code: CatalogErrorCode;
  constructor(code: CatalogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogError';
    this.code = code;
  }
}
