/**
 * The typed ffmpeg/ffprobe process wrapper: spawn with an args array (never a shell), progress from
 * `-progress pipe:1`, cancellation through an AbortSignal, and failures as classified FfmpegErrors.
 *
 * Cancel semantics (encoding.md §3.3): SIGTERM makes ffmpeg finalize its outputs and exit 255; on Windows
 * `kill()` is always forceful, so there we write `q` to stdin instead, which needs stdin to be a pipe and
 * no `-nostdin`. Either way SIGKILL follows after `killGraceMs`, and a run we canceled resolves with
 * `{ canceled: true }` whatever the exit code (a `q` exits 0), so callers must delete partial outputs.
 */
import { spawn } from 'node:child_process';
import { forgetFfmpegPid, recordFfmpegPid } from './ffmpeg-orphans.ts';
import { classifyFfmpegFailure, errorLinesOf, FfmpegError } from './ffmpeg-error.ts';
import type { FfmpegProgress } from './ffmpeg-progress.ts';
import { ProgressParser } from './ffmpeg-progress.ts';

export type { FfmpegProgress } from './ffmpeg-progress.ts';
export { FfmpegError } from './ffmpeg-error.ts';
export type { FfmpegErrorKind } from './ffmpeg-error.ts';

export interface RunFfmpegOptions {
  ffmpegPath: string;
  /** Inputs, filters and outputs; the wrapper adds the banner, stdin, log-level and progress options. */
  args: readonly string[];
  /** Expected output duration (µs) for percent and ETA; without it percent stays 0 until the end. */
  durationUs?: number;
  signal?: AbortSignal;
  onProgress?: (p: FfmpegProgress) => void;
  onStderrLine?: (line: string) => void;
  /** The full argument list, before ffmpeg starts (for a job's log). */
  onCommand?: (argv: readonly string[]) => void;
  /** ffmpeg's log level when args set none: 'warning' (default) or 'info' (stream maps, encoder stats). */
  logLevel?: 'warning' | 'info';
  /** Time between the polite stop (SIGTERM or `q`) and SIGKILL; default 3000 ms. */
  killGraceMs?: number;
  /** How to ask ffmpeg to stop; default 'stdin-q' on Windows, 'sigterm' elsewhere. */
  cancelWith?: 'sigterm' | 'stdin-q';
  /** Records the PID and command line here while ffmpeg runs, so a next start can stop it if we die. */
  pidFile?: string;
}

export interface FfmpegResult {
  canceled: boolean;
  stderrTail: string;
  /** Error-level log lines; a run can exit 0 after decode errors (truncated source), so callers check. */
  errorLines: readonly string[];
}

const STDERR_TAIL_CHARS = 16_384;
const MAX_ERROR_LINES = 50;

function hasLogLevel(args: readonly string[]): boolean {
  return args.some((a) => a === '-v' || a === '-loglevel');
}

/** Keeps the last `max` characters of a growing text. */
class Tail {
  private text = '';
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  add(s: string): void {
    this.text += s;
    if (this.text.length > this.max * 2) this.text = this.text.slice(-this.max);
  }
  toString(): string {
    return this.text.slice(-this.max);
  }
}

/** Splits a chunked text stream into lines. */
function lineSplitter(onLine: (line: string) => void): { push: (s: string) => void; flush: () => void } {
  let pending = '';
  return {
    push(s) {
      const lines = (pending + s).split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const l of lines) if (l !== '') onLine(l);
    },
    flush() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}

export function runFfmpeg(opts: RunFfmpegOptions): Promise<FfmpegResult> {
  const cancelWith = opts.cancelWith ?? (process.platform === 'win32' ? 'stdin-q' : 'sigterm');
  const killGraceMs = opts.killGraceMs ?? 3000;
  const args = [
    '-hide_banner',
    ...(cancelWith === 'stdin-q' ? [] : ['-nostdin']),
    // `level` tags each line ([error], [warning]) so error lines can be told apart without guessing.
    ...(hasLogLevel(opts.args) ? [] : ['-loglevel', `level+${opts.logLevel ?? 'warning'}`]),
    '-progress',
    'pipe:1',
    '-nostats',
    '-stats_period',
    '1',
    ...opts.args,
  ];

  return new Promise<FfmpegResult>((resolve, reject) => {
    const tail = new Tail(STDERR_TAIL_CHARS);
    const errorLines: string[] = [];
    if (opts.signal?.aborted) {
      resolve({ canceled: true, stderrTail: '', errorLines });
      return;
    }
    opts.onCommand?.([opts.ffmpegPath, ...args]);
    const child = spawn(opts.ffmpegPath, args, {
      stdio: [cancelWith === 'stdin-q' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let canceled = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const pidFile = opts.pidFile;
    if (pidFile && child.pid !== undefined) {
      recordFfmpegPid(pidFile, child.pid, [opts.ffmpegPath, ...args]);
      child.once('exit', () => forgetFfmpegPid(pidFile));
      child.once('error', () => forgetFfmpegPid(pidFile));
    }

    const parser = new ProgressParser(opts.durationUs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const reports = parser.push(chunk);
      // A canceled ffmpeg still finalises and reports `progress=end`: that is not progress of the job.
      if (canceled) return;
      for (const p of reports) opts.onProgress?.(p);
    });
    const stderrLines = lineSplitter((line) => {
      if (errorLinesOf(line).length > 0 && errorLines.length < MAX_ERROR_LINES) errorLines.push(line.trim());
      opts.onStderrLine?.(line);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail.add(chunk);
      stderrLines.push(chunk);
    });
    // ffmpeg may exit before reading our `q`; a closed pipe is then expected, not an error.
    child.stdin?.on('error', () => {});

    const onAbort = (): void => {
      if (settled || canceled) return;
      canceled = true;
      if (cancelWith === 'stdin-q' && child.stdin?.writable) child.stdin.end('q');
      else child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (): void => {
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      stderrLines.flush();
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      finish();
      reject(
        new FfmpegError({
          kind: err.code === 'EACCES' ? 'permission' : 'failed',
          exitCode: null,
          signal: null,
          stderrTail: tail.toString(),
          message: `Could not start ffmpeg at ${opts.ffmpegPath} (${err.code ?? err.message}). Install ffmpeg or set FFMPEG_PATH to an ffmpeg executable.`,
        }),
      );
    });

    child.on('close', (code, signal) => {
      if (settled) return;
      finish();
      const stderrTail = tail.toString();
      if (canceled) {
        resolve({ canceled: true, stderrTail, errorLines });
        return;
      }
      if (code === 0) {
        resolve({ canceled: false, stderrTail, errorLines });
        return;
      }
      const c = classifyFfmpegFailure('ffmpeg', stderrTail, code, signal);
      reject(new FfmpegError({ kind: c.kind, exitCode: code, signal, stderrTail, message: c.message }));
    });
  });
}

export interface FfprobeOutput {
  readonly json: unknown;
  /** ffprobe's warnings (e.g. "partial file"), which a successful probe still needs to see. */
  readonly stderr: string;
}

/**
 * Runs ffprobe with JSON output and returns the parsed JSON plus its warnings. A non-zero exit rejects
 * with a classified FfmpegError whose message also carries ffprobe's own `error.string`.
 */
export function runFfprobe(
  ffprobePath: string,
  args: readonly string[],
  opts: { signal?: AbortSignal } = {},
): Promise<FfprobeOutput> {
  const fullArgs = [
    '-hide_banner',
    ...(hasLogLevel(args) ? [] : ['-v', 'warning']),
    '-print_format',
    'json',
    '-show_error',
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffprobePath, fullArgs, {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const out: Buffer[] = [];
    const err = new Tail(STDERR_TAIL_CHARS);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => err.add(d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new FfmpegError({
          kind: e.name === 'AbortError' ? 'killed' : 'failed',
          exitCode: null,
          signal: null,
          stderrTail: err.toString(),
          message:
            e.name === 'AbortError'
              ? 'ffprobe was stopped before it finished.'
              : `Could not start ffprobe at ${ffprobePath} (${e.code ?? e.message}). Install ffmpeg or set FFPROBE_PATH to an ffprobe executable.`,
        }),
      ),
    );
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = err.toString();
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        // ffprobe prints a lone `{` when it fails while opening a codec; the exit code decides below.
      }
      if (code === 0 && json != null) {
        resolve({ json, stderr });
        return;
      }
      const reported = errorStringOf(json);
      const detail = [stderr, reported].filter((s) => s !== '').join('\n');
      const c = classifyFfmpegFailure('ffprobe', detail, code, signal);
      reject(new FfmpegError({ kind: c.kind, exitCode: code, signal, stderrTail: detail, message: c.message }));
    });
  });
}

function errorStringOf(json: unknown): string {
  if (typeof json !== 'object' || json == null || !('error' in json)) return '';
  const e = (json as { error?: { string?: unknown } }).error;
  return typeof e?.string === 'string' ? e.string : '';
}

/** ffprobe's parsed JSON output (see runFfprobe for errors). */
export async function runFfprobeJson(ffprobePath: string, args: readonly string[]): Promise<unknown> {
  return (await runFfprobe(ffprobePath, args)).json;
}
