/**
 * The desktop app's origin runs in an Electron utility process, off the main process that drives the
 * window: a segment build never stalls the UI. Only the Electron call is here; what the process runs
 * (electron/studio/endpoint/origin-worker.ts, bundled as dist-electron/origin-worker.cjs) and how the
 * pool drives it are plain Node, tested by forking the same entry (origin-worker-pool.ts's
 * forkSpawner).
 */
import { utilityProcess } from 'electron';
import type { OriginSpawner } from '../studio/index.ts';

export function utilityProcessSpawner(entry: string): OriginSpawner {
  return {
    shared: false,
    spawn(env, execArgv) {
      const child = utilityProcess.fork(entry, [], {
        env: { ...process.env, ...env },
        execArgv: [...execArgv],
        serviceName: 'Origin Studio origin',
        stdio: 'inherit',
      });
      return {
        send: (m) => child.postMessage(m),
        onMessage(listener) {
          child.on('message', listener);
          return () => void child.off('message', listener);
        },
        onExit: (listener) => void child.once('exit', (code) => listener(code)),
        kill: () => void child.kill(),
        get pid() {
          return child.pid;
        },
      };
    },
  };
}
