/**
 * Leases a starting worker may give back at once: those of a worker it can prove is gone. A lease names its
 * worker `host/pid/random` (Scheduler's default owner); a worker of this host whose process no longer exists
 * — the previous life of a server killed or crashed and started again — will never finish its rows, so they
 * need not wait out the lease (a campaign slice's is a minute). A worker of this very pid that this process did
 * not create is gone too: a container restarted runs its server as the same PID 1. Anything else is left to
 * expire: another host, an owner named otherwise, a process that exists (even one that merely reuses the pid).
 */
import { hostname } from 'node:os';

const OWNER = /^(.+)\/(\d+)\/[0-9a-f]+$/;

/** the workers this process created (a process may run several schedulers: tests do) */
const ownersHere = new Set<string>();

/** The name a new worker of this process holds its leases by. */
export function newOwnerName(random: string): string {
  const owner = `${hostname()}/${process.pid}/${random}`.slice(0, 120);
  ownersHere.add(owner);
  return owner;
}

/** Whether a process with this id exists (one we may not signal exists too). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function orphanedOwners(
  owners: readonly string[],
  host: string = hostname(),
  exists: (pid: number) => boolean = processExists,
): string[] {
  return owners.filter((owner) => {
    const m = OWNER.exec(owner);
    if (!m || m[1] !== host) return false;
    const pid = Number(m[2]);
    if (pid === process.pid) return !ownersHere.has(owner);
    return pid > 0 && !exists(pid);
  });
}
