import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.ts';

const cli = new URL('../../electron/cli.ts', import.meta.url).pathname;

describe('origin-studio command', () => {
  it('prints its usage', async () => {
    const r = await runProcess(process.execPath, [cli, 'help']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('demo');
  });
  it('rejects an unknown command with a usage error', async () => {
    const r = await runProcess(process.execPath, [cli, 'frobnicate']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("Unknown command 'frobnicate'");
  });
});
