/**
 * CPU accounting for the bench (Linux /proc; figures are null elsewhere).
 *
 * Wall-clock throughput on a shared 2-core machine moves with whatever else runs on it, so every
 * measured run also records (1) the CPU time the server's process group spent, which gives a
 * server cost per request that other load hardly changes, and (2) how much of the machine went
 * to processes that are neither the server nor this bench, so a reader can tell a quiet
 * measurement from a crowded one.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

const HAS_PROC = fs.existsSync("/proc/stat");
const TICKS_PER_S = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout?.trim()) || 100;
})();

/** CPU milliseconds used so far by the live processes of a process group. */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}

/** Busy CPU milliseconds of the whole machine, all cores. */
function machineBusyMs(): number {
  const [, ...v] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = v.map(Number);
  return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / TICKS_PER_S;
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export type CpuSnapshot = { at: number; server: number; machine: number; own: number } | null;

export function snapshot(serverPgid: number): CpuSnapshot {
  if (!HAS_PROC) return null;
  return { at: performance.now(), server: groupCpuMs(serverPgid), machine: machineBusyMs(), own: ownCpuMs() };
}

export type CpuUse = {
  /** Server CPU ms per successful request. */
  server_ms_per_request: number;
  /** Share of the bench's load generator (this process) in the machine's capacity, 0..1. */
  load_generator_share: number;
  /** Share of the machine's capacity used by everything else (other people's work), 0..1. */
  others_share: number;
} | null;

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, okRequests: number): CpuUse {
  if (!before || !after || okRequests === 0) return null;
  const capacity = (after.at - before.at) * os.cpus().length;
  const server = after.server - before.server;
  const own = after.own - before.own;
  const machine = after.machine - before.machine;
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  return {
    server_ms_per_request: r3(server / okRequests),
    load_generator_share: r3(own / capacity),
    others_share: r3(Math.max(0, machine - server - own) / capacity),
  };
}
