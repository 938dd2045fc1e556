import { spawn } from 'node:child_process';

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a command (args array, no shell) and collects its output; tests use it for ffmpeg/ffprobe. */
export function runProcess(cmd: string, args: readonly string[], opts: { input?: Buffer } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(opts.input);
  });
}

/** Like runProcess, but a non-zero exit is an error carrying the command's stderr tail. */
export async function mustRun(cmd: string, args: readonly string[]): Promise<ProcessResult> {
  const r = await runProcess(cmd, args);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')}\nexited ${r.code}:\n${r.stderr.slice(-2000)}`);
  }
  return r;
}

export const ffmpegBin = (): string => process.env.FFMPEG_PATH ?? 'ffmpeg';
export const ffprobeBin = (): string => process.env.FFPROBE_PATH ?? 'ffprobe';
