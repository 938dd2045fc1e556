/**
 * Confines processes to a share of one core each, through a Linux CPU cgroup (v1 `cpu` controller or
 * v2 `cpu.max`). The bench's scaling run uses it so that one worker and N workers get exactly one and
 * N shares while the load generator keeps the rest: on a 2-core machine whose load generator shares
 * the cores, that is how "N workers serve N× one worker" can be measured at all. Needs root (or a
 * delegated cgroup); says so when it cannot.
 */
import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const V1 = '/sys/fs/cgroup/cpu';
const V2 = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

export interface CpuShares {
  /** Removes the groups (their processes must have exited). */
  release(): Promise<void>;
}

/** Each pid in a group of its own, limited to `share` of a core (0 < share ≤ 1). */
export async function confineEach(pids: readonly number[], share: number): Promise<CpuShares> {
  if (!(share > 0 && share <= 1)) throw new RangeError(`a core share is in (0, 1], not ${share}`);
  const v1 = existsSync(path.join(V1, 'cpu.cfs_quota_us'));
  if (!v1 && !existsSync(path.join(V2, 'cgroup.controllers'))) throw new Error('no CPU cgroup controller at /sys/fs/cgroup: --core-share needs Linux cgroups');
  const quota = Math.round(share * PERIOD_US);
  const groups: string[] = [];
  try {
    for (const pid of pids) {
      const group = path.join(v1 ? V1 : V2, `origin-bench-${process.pid}-${pid}`);
      await mkdir(group);
      groups.push(group);
      if (v1) {
        await writeFile(path.join(group, 'cpu.cfs_period_us'), String(PERIOD_US));
        await writeFile(path.join(group, 'cpu.cfs_quota_us'), String(quota));
      } else {
        await writeFile(path.join(group, 'cpu.max'), `${quota} ${PERIOD_US}`);
      }
      await writeFile(path.join(group, 'cgroup.procs'), String(pid));
    }
  } catch (err) {
    throw new Error(`--core-share: cannot make CPU cgroups (${(err as Error).message}); run as root`, { cause: err });
  }
  return {
    async release() {
      // A worker may outlive its primary by a moment: a group is removable once its last process is gone.
      for (const g of groups) {
        for (let attempt = 0; attempt < 50; attempt++) {
          try {
            await rmdir(g);
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
    },
  };
}
