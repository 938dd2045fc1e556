import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { assertFreeSpace, freeBytes } from '../../../../electron/studio/encoding/disk-space.ts';

describe('free-space pre-check', () => {
  it('passes when the estimate fits and names the folder and sizes when it does not', async () => {
    const free = await freeBytes(tmpdir());
    expect(free).toBeGreaterThan(0);
    await expect(assertFreeSpace(tmpdir(), 1024)).resolves.toBeUndefined();
    await expect(assertFreeSpace(tmpdir(), free * 2 + 1)).rejects.toThrow(/Not enough free disk space in .*needs about \d+ MB and \d+ MB are free/);
  });
});
