/**
 * The CLI as a user runs it, in-process (`main` of electron/cli.ts) over one library: its exit code
 * and what it printed to stdout and stderr.
 */
import { vi } from 'vitest';
import { main } from '../../electron/cli.ts';
import type { JobData } from '../../electron/studio/api/contract.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(library: string, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await main([...args, '--library', library]), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** The finished job of `encode … --json`: its JSON lines end with a `done` event carrying the job. */
export function doneJob(encodeJson: string): JobData {
  const lines = encodeJson.trim().split('\n').map((l) => JSON.parse(l) as { type: string; job?: JobData });
  const done = lines.find((l) => l.type === 'done')?.job;
  if (!done) throw new Error(`encode --json printed no done event:\n${encodeJson.slice(-600)}`);
  return done;
}
