/**
 * Whether Roundtable can keep its data: the data directory must be writable (checked by really
 * writing a small file, so permissions, read-only mounts and a path through a file all count)
 * and its disk must have room. Used by /api/health, by opening the database and by `npm start`.
 */
import fs from "node:fs";
import path from "node:path";

export type DataDirCheck =
  | { ok: true }
  | {
      ok: false;
      problem: "not-writable" | "disk-full";
      /** For /api/health: what is wrong, without server paths. */
      reason: string;
      /** For the operator: one sentence with the path and what to do. */
      message: string;
    };

/** Free space below which the disk counts as nearly full: MIN_FREE_DISK_MB, 50 MB unless set. */
export function minFreeBytes(): number {
  const mb = Number(process.env.MIN_FREE_DISK_MB);
  return (Number.isFinite(mb) && mb >= 0 ? mb : 50) * 1024 * 1024;
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "it is on a read-only file system";
    case "ENOTDIR":
    case "EEXIST":
      return "part of that path is a file, not a directory";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

const megabytes = (bytes: number) => Math.floor(bytes / 1024 / 1024).toLocaleString("en-GB");

/** Creates the directory if needed, writes and removes a probe file, then checks free space. */
export function checkDataDir(dir: string): DataDirCheck {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-check-${process.pid}-${Date.now()}`);
    fs.writeFileSync(probe, "ok");
    fs.rmSync(probe, { force: true });
  } catch (error) {
    const cause = why(error);
    return {
      ok: false,
      problem: "not-writable",
      reason: `The data directory cannot be written (${cause}).`,
      message: `Roundtable cannot write to its data directory ${dir} (${cause}): set DATA_DIR to a writable directory or fix its permissions.`,
    };
  }
  const stats = fs.statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const needed = minFreeBytes();
  if (free < needed) {
    return {
      ok: false,
      problem: "disk-full",
      reason: `The disk holding the data directory has only ${megabytes(free)} MB free (at least ${megabytes(needed)} MB is needed).`,
      message: `The disk holding Roundtable's data directory ${dir} has only ${megabytes(free)} MB free: free some space, or set DATA_DIR to a directory on a disk with at least ${megabytes(needed)} MB free.`,
    };
  }
  return { ok: true };
}

/** Thrown when the data directory cannot be used; its message is the operator's one sentence. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

/** Throws DataDirError unless the directory can be written (low disk space is left to /api/health). */
export function assertDataDirWritable(dir: string): void {
  const check = checkDataDir(dir);
  if (!check.ok && check.problem === "not-writable") throw new DataDirError(check.message);
}

/**
 * For command-line entry points: prints the one sentence and exits with status 1 (no stack trace)
 * when the directory cannot be written; warns in one sentence when its disk is nearly full.
 */
export function exitUnlessDataDirUsable(dir: string): void {
  const check = checkDataDir(dir);
  if (check.ok) return;
  console.error(check.message);
  if (check.problem === "not-writable") process.exit(1);
}
