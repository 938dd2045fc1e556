import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const RENDERER_DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** Builds the renderer once per test run (e2e global setup), as `npm run build:renderer` does. */
export default async function setup(): Promise<void> {
  if (process.env.SKIP_RENDERER_BUILD && existsSync(RENDERER_DIST)) return;
  // Under Vitest NODE_ENV is 'test', and Vite would then bundle React's development build: build what
  // users get, then put the test environment back.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
