import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three projects, one run: unit (pure, fast), conformance (real ffmpeg/ffprobe as independent clients),
// e2e (Debian Chromium driven by playwright-core). The summary reporter prints the closing line CI reads.
export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        // Renderer modules import the contract through the alias renderer/vite.config.ts defines.
        resolve: { alias: { '@contract': fileURLToPath(new URL('electron/studio/api/contract.ts', import.meta.url)) } },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/helpers/build-renderer.ts'],
          testTimeout: 240_000,
          // A UI step waits on real work (ffprobe, ffmpeg, the origin): expect.poll's 1 s default fails on a
          // busy two-core machine although the page is right, so polls wait up to 20 s.
          expect: { poll: { timeout: 20_000 } },
          hookTimeout: 300_000,
          // One browser at a time: Chromium's process tree peaks near 500 MB and two cores are shared.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
