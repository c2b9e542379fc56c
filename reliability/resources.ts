/**
 * Everything the run creates outside its own process (server process groups, temp directories)
 * is registered here, so that it is removed however the run ends: normal exit, a thrown error,
 * Ctrl-C or a CI timeout's SIGTERM. A reliability check must never leave a server behind on a
 * shared machine.
 */
import fs from "node:fs";

const processGroups = new Set<number>();
const tempDirs = new Set<string>();

export function registerProcessGroup(pgid: number): void {
  processGroups.add(pgid);
}

export function unregisterProcessGroup(pgid: number): void {
  processGroups.delete(pgid);
}

export function registerTempDir(dir: string): void {
  tempDirs.add(dir);
}

/** True while any process of the group exists (signal 0 only checks). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILLs every registered process group. run.ts calls it after each check, so a check that
 * threw half-way cannot leave its server running into the next one.
 */
export function killAllProcessGroups(): number {
  const n = processGroups.size;
  for (const pgid of processGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  processGroups.clear();
  return n;
}

/** Synchronous, so it also works from the 'exit' handler. Only touches what we registered. */
export function cleanupAll(): void {
  killAllProcessGroups();
  if (process.env.RELIABILITY_KEEP_TMP) {
    for (const dir of tempDirs) console.log(`(kept ${dir})`);
  } else {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  tempDirs.clear();
}

let installed = false;

export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\nReceived ${signal}: stopping servers and removing temporary data.`);
      cleanupAll();
      process.exit(130);
    });
  }
}
