import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** What `jobs.log` answers: the stored log of one job. */
export interface JobLogText {
  /** The log, one line per `\n`-separated line (the rotated generation first). */
  readonly text: string;
  /** The number of the line the next appended line gets: live `log` events at or past it are new. */
  readonly nextLine: number;
  /** True when older lines were dropped because the log outgrew its bound. */
  readonly truncated: boolean;
  /** The file on disk (for a user who wants it whole in an editor); null when the job never ran. */
  readonly file: string | null;
}

interface OpenLog {
  readonly file: string;
  bytes: number;
  lines: number;
  pending: string[];
  pendingBytes: number;
  timer: NodeJS.Timeout | null;
}

export interface JobLogStoreOptions {
  /** One generation's bound; past it the file moves to `.1` (the one older generation kept). */
  readonly maxBytes?: number;
  /** Logs of more jobs than this are removed, oldest first, when the store opens. */
  readonly keepJobs?: number;
  /** Buffered lines reach the disk at least this often (ms). */
  readonly flushMs?: number;
}

const ROTATED_NOTE = '[studio] (older lines of this log were dropped: it outgrew its size bound)';

/**
 * Every job's full log on disk (`logs/jobs/<job id>.log`): ffmpeg's output, its command line and the
 * studio's own steps. Bounded per job (two generations of `maxBytes`) and across jobs (`keepJobs`),
 * written in batches so a chatty ffmpeg costs one write per flush, not one per line. Line numbers
 * let a live view join the stored text and the streamed lines without gaps or repeats.
 */
export class JobLogStore {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #flushMs: number;
  readonly #open = new Map<string, OpenLog>();

  constructor(dir: string, options: JobLogStoreOptions = {}) {
    this.#dir = dir;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#flushMs = options.flushMs ?? 250;
    mkdirSync(dir, { recursive: true });
    this.#prune(options.keepJobs ?? 500);
  }

  fileOf(jobId: string): string {
    if (!/^[\w-]+$/.test(jobId)) throw new Error(`not a job id: ${jobId}`);
    return path.join(this.#dir, `${jobId}.log`);
  }

  /** Starts a job's log afresh (a job runs once; a retry is another job). */
  start(jobId: string): void {
    this.end(jobId);
    const file = this.fileOf(jobId);
    rmSync(file, { force: true });
    rmSync(`${file}.1`, { force: true });
    this.#open.set(jobId, { file, bytes: 0, lines: 0, pending: [], pendingBytes: 0, timer: null });
  }

  /** Appends lines; returns the number of the first one (null when the job's log is not open). */
  append(jobId: string, lines: readonly string[]): number | null {
    const log = this.#open.get(jobId);
    if (!log) return null;
    const first = log.lines;
    for (const line of lines) {
      log.pending.push(line);
      log.pendingBytes += Buffer.byteLength(line) + 1;
      log.lines++;
    }
    if (log.pendingBytes >= 64 * 1024) this.#flush(log);
    else log.timer ??= setTimeout(() => this.#flush(log), this.#flushMs).unref();
    return first;
  }

  /** Writes what is buffered and forgets the job (its file stays). */
  end(jobId: string): void {
    const log = this.#open.get(jobId);
    if (!log) return;
    this.#flush(log);
    this.#open.delete(jobId);
  }

  /** Ends every open log (the studio is closing). */
  close(): void {
    for (const id of [...this.#open.keys()]) this.end(id);
  }

  read(jobId: string): JobLogText {
    const file = this.fileOf(jobId);
    const open = this.#open.get(jobId);
    if (open) this.#flush(open);
    const older = readText(`${file}.1`);
    const current = readText(file);
    if (older === null && current === null) return { text: '', nextLine: 0, truncated: false, file: null };
    const text = [older, current].filter((t): t is string => t !== null && t !== '').join('').replace(/\n$/, '');
    const counted = text === '' ? 0 : text.split('\n').length;
    return {
      text,
      nextLine: open?.lines ?? counted,
      truncated: (older ?? current ?? '').startsWith(ROTATED_NOTE),
      file,
    };
  }

  #flush(log: OpenLog): void {
    if (log.timer) clearTimeout(log.timer);
    log.timer = null;
    if (log.pending.length === 0) return;
    let chunk = `${log.pending.join('\n')}\n`;
    log.pending = [];
    log.pendingBytes = 0;
    try {
      const size = Buffer.byteLength(chunk);
      if (log.bytes > 0 && log.bytes + size > this.#maxBytes) {
        renameSync(log.file, `${log.file}.1`);
        log.bytes = 0;
        chunk = `${ROTATED_NOTE}\n${chunk}`;
      }
      // One line longer than a whole generation is cut to its end: the bound holds.
      if (Buffer.byteLength(chunk) > this.#maxBytes) chunk = `${ROTATED_NOTE}\n${chunk.slice(-this.#maxBytes)}`;
      appendFileSync(log.file, chunk);
      log.bytes += Buffer.byteLength(chunk);
    } catch (err) {
      // A full disk must not fail the job: the log is a convenience, the job's own state is in the catalog.
      console.error(`job log ${log.file}: ${(err as Error).message}`);
    }
  }

  #prune(keep: number): void {
    const logs = readdirSync(this.#dir)
      .filter((n) => n.endsWith('.log'))
      .map((n) => ({ n, t: statSync(path.join(this.#dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of logs.slice(keep)) {
      rmSync(path.join(this.#dir, n), { force: true });
      rmSync(path.join(this.#dir, `${n}.1`), { force: true });
    }
  }
}

function readText(file: string): string | null {
  if (!existsSync(file)) return null;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
