import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('toolchain', () => {
  it('runs the tests on Node 24, the Node inside Electron 45', () => {
    const major = Number(process.versions.node.split('.')[0]);
    console.log(`node ${process.versions.node}`);
    expect(major).toBe(24);
    expect(readFileSync(new URL('../../.nvmrc', import.meta.url), 'utf8').trim()).toBe('24');
  });
});
