/**
 * Keeps media files open between segment requests: opening and closing the file cost more CPU than
 * reading a segment's bytes from the page cache. Handles are keyed by the track object, not the path:
 * a presentation re-opened after its files changed has new track objects and so reads the new files,
 * while requests still in flight on the old presentation finish on the old handles. A handle closes
 * after IDLE_MS without users (so assets can be deleted or replaced soon after), and at most MAX_IDLE
 * idle handles stay open.
 */
import { openByteSource, type ByteSource } from './byte-source.ts';
import { MediaError } from '../types/errors.ts';

const IDLE_MS = 2_000;
const MAX_IDLE = 32;

interface Entry {
  readonly handle: Promise<ByteSource>;
  users: number;
  timer: NodeJS.Timeout | undefined;
}

const entries = new Map<object, Entry>();

function close(key: object, entry: Entry): void {
  if (entries.get(key) === entry) entries.delete(key);
  clearTimeout(entry.timer);
  entry.handle.then((h) => h.close()).catch(() => undefined);
}

function closeExcessIdle(): void {
  const idle = [...entries].filter(([, e]) => e.users === 0);
  // Map order is insertion order; re-inserted on each use, so the first idle ones are the least recent.
  for (const [key, entry] of idle.slice(0, Math.max(0, idle.length - MAX_IDLE))) close(key, entry);
}

async function openFile(path: string): Promise<ByteSource> {
  try {
    return await openByteSource(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MediaError(
      code === 'ENOENT'
        ? `${path} no longer exists; re-import or re-encode the asset.`
        : `${path} cannot be opened (${code}).`,
      path,
    );
  }
}

/** Runs `use` with an open handle on `path`, shared by every request for the same track. */
export async function withFileHandle<T>(
  key: object,
  path: string,
  use: (handle: ByteSource) => Promise<T>,
): Promise<T> {
  let entry = entries.get(key);
  if (entry) {
    entries.delete(key);
  } else {
    entry = { handle: openFile(path), users: 0, timer: undefined };
  }
  entries.set(key, entry);
  entry.users++;
  clearTimeout(entry.timer);
  entry.timer = undefined;
  const current = entry;
  try {
    return await use(await current.handle);
  } catch (err) {
    // A failed open or read may mean the file changed under us: the next request reopens it.
    if (current.users === 1) close(key, current);
    throw err;
  } finally {
    current.users--;
    if (current.users === 0 && entries.get(key) === current) {
      current.timer = setTimeout(() => close(key, current), IDLE_MS);
      current.timer.unref();
      closeExcessIdle();
    }
  }
}
