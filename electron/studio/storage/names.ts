import { StorageError } from './blob-store.ts';

/**
 * Names as the Blob service accepts them, checked the same way for both backends so that a library
 * can move from a folder to an account without renames. Container: 3–63 characters, lower-case
 * letters, digits and single hyphens, starting and ending with a letter or digit (`$root`-style
 * system containers start with `$`). Blob: 1–1024 characters; for the folder backend also no `.`/`..`
 * segments, no empty segments, no backslash or NUL, so a blob name never leaves its container folder.
 */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
const SYSTEM_CONTAINER = /^\$[a-z0-9]{3,62}$/;

export function checkContainerName(name: string): void {
  if (typeof name !== 'string' || !(CONTAINER_NAME.test(name) || SYSTEM_CONTAINER.test(name))) {
    throw new StorageError(
      'invalid-name',
      `"${String(name)}" is not a valid container name: use 3–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }
}

export function checkBlobName(name: string): void {
  const bad =
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 1024 ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new StorageError(
      'invalid-name',
      `"${String(name)}" is not a valid blob name: 1–1024 characters, "/" between non-empty folder names, no "." or ".." folders, no backslash.`,
    );
  }
}

/** AMS's container for an asset: `asset-<guid>` (the asset id, lower case). */
export function assetContainerName(assetId: string): string {
  const name = `asset-${assetId.toLowerCase()}`;
  checkContainerName(name);
  return name;
}
