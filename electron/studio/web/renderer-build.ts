/**
 * Web mode serves the renderer build; after `npm ci` there is none yet, and after a `git pull` it may
 * be older than the sources. This builds it on demand (Vite, as `npm run build:renderer` does) so
 * `origin-studio web` works as the first command after install, and says what it is doing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface RendererBuildPaths {
  /** The repository root (renderer/ and dist/renderer/ below it). */
  readonly root: string;
}

const rendererDist = (root: string): string => path.join(root, 'dist', 'renderer');

/** Newest modification time under the folders the renderer bundle is made from. */
function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'renderer'));
  // The renderer imports the contract, which imports packaging-core's vocabulary and format table.
  walk(path.join(root, 'electron', 'studio', 'api'));
  walk(path.join(root, 'packaging-core', 'types'));
  walk(path.join(root, 'packaging-core', 'formats'));
  return newest;
}

/** Why a build is needed ('missing' | 'stale'), or null when dist/renderer is current. */
export function rendererBuildNeeded(paths: RendererBuildPaths): 'missing' | 'stale' | null {
  const index = path.join(rendererDist(paths.root), 'index.html');
  if (!existsSync(index)) return 'missing';
  // A source tree without renderer/ (an installed package) ships its build: nothing to compare.
  if (!existsSync(path.join(paths.root, 'renderer'))) return null;
  return newestSource(paths.root) > statSync(index).mtimeMs ? 'stale' : null;
}

/**
 * Runs `vite build` for the renderer in a child process (its output goes to `log`, line by line) and
 * resolves with the build folder; rejects with the reason and Vite's last lines when it fails.
 */
export async function buildRenderer(paths: RendererBuildPaths, log: (line: string) => void): Promise<string> {
  let viteBin: string;
  try {
    const require = createRequire(path.join(paths.root, 'package.json'));
    viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('The studio UI is not built and Vite is not installed to build it. Run `npm ci` in the project folder.');
  }
  const args = [viteBin, 'build', '--config', path.join(paths.root, 'renderer', 'vite.config.ts'), '--mode', 'production'];
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: paths.root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split(/\r?\n/)) {
        // eslint-disable-next-line no-control-regex -- Vite colours its output; the log is plain text
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
        if (!plain) continue;
        log(plain);
        tail.push(plain);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Building the studio UI failed (vite exited ${code ?? 'on a signal'}):\n${tail.join('\n')}`));
    });
  });
  return rendererDist(paths.root);
}
