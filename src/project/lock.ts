import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';

// One build at a time on a cache, and on an output folder. Two builds appending to one body pack
// publish each other's paragraphs; two committing into one folder remove each other's staging.
// A lock is a file made with O_EXCL holding its owner's pid and host. It is stale when that
// process is gone (a kill, a crash: found at once, not after a timeout) or, for a lock from
// another host or a pid since reused, when its owner has not touched it for STALE_MS.
// proper-lockfile judges only by the touch, so a killed build would hold up the next one for
// the whole stale period, and a busy build could have its lock taken from it.

const STALE_MS = 60_000;
const TOUCH_MS = 10_000;
const POLL_MS = 200;

export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder is doing, as the waiting build shows it: `build`, `dev`. */
  command: string;
}

export interface Lock {
  release(): void;
}

export interface LockWait {
  /** Told once, when the lock is held by a live build and this one starts waiting. */
  onWait(holder: LockHolder): void;
  /** Polled while waiting: true gives up (Ctrl-C), and `acquireLock` throws `LockAbandoned`. */
  aborted(): boolean;
}

export class LockAbandoned extends Error {
  constructor() {
    super('stopped while waiting for a lock');
    this.name = 'LockAbandoned';
  }
}

const held = new Set<string>();
let exitHookSet = false;

/** Takes the lock file `file`, waiting while another live process holds it. */
export async function acquireLock(file: string, command: string, wait: LockWait): Promise<Lock> {
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command };
  let told = false;
  for (;;) {
    if (tryCreate(file, me)) return heldLock(file);
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (isStale(file, holder)) {
      breakLock(file, holder);
      continue;
    }
    if (!told && holder) {
      wait.onWait(holder);
      told = true;
    }
    if (wait.aborted()) throw new LockAbandoned();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function tryCreate(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cause;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder as its lock file says, null when the file cannot be read as one, 'gone' when it went. */
function readHolder(file: string): LockHolder | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder : null;
  } catch {
    return null;
  }
}

function isStale(file: string, holder: LockHolder | null): boolean {
  if (holder && holder.host === os.hostname() && !isAlive(holder.pid)) return true;
  const touched = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  // Half-written by a holder that was killed between creating and writing it, or long untouched.
  return touched !== undefined && Date.now() - touched > (holder ? STALE_MS : POLL_MS * 5);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a stale lock aside before removing it: of two builds breaking it at once, one wins the
 * rename. The loser may have moved the winner's new lock instead; it puts that one back.
 */
function breakLock(file: string, stale: LockHolder | null): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved !== 'gone' && moved?.pid !== stale?.pid) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds it by now: theirs stands.
    }
  }
  rmSync(aside, { force: true });
}

function heldLock(file: string): Lock {
  held.add(file);
  if (!exitHookSet) {
    exitHookSet = true;
    // A build stopped by a signal exits at once; its locks go with it rather than wait to be found stale.
    process.once('exit', () => {
      for (const each of held) rmSync(each, { force: true });
    });
  }
  const touch = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // Gone already: released, or broken by someone who judged it stale.
    }
  }, TOUCH_MS);
  touch.unref();
  return {
    release() {
      clearInterval(touch);
      if (held.delete(file)) rmSync(file, { force: true });
    },
  };
}
