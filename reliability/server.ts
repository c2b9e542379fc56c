/**
 * Starting and stopping the production server the way an operator would (scripts/serve.mjs with
 * DATA_DIR, AUTH_SECRET, AUTH_TRUST_HOST), spawned with `node` directly so the
 * child PID *is* the server: a SIGKILL then hits the process that holds the database, not an
 * npx wrapper. Each server runs in its own process group (detached) so a kill reaches any
 * worker it may fork, and nothing else on the machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { groupAlive, registerProcessGroup, unregisterProcessGroup } from "./resources";

export const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** The production server an operator runs (npm start runs the same script). */
const SERVE = path.join(ROOT, "scripts", "serve.mjs");

/** The brief reserves 3400-3499 for this suite; other engineers use other ports. */
const PORT_MIN = 3400;
const PORT_MAX = 3499;

/** One AUTH_SECRET for the whole run, as an operator keeps it across restarts and restores. */
const AUTH_SECRET = crypto.randomBytes(32).toString("base64url");

export function requireProductionBuild(): void {
  if (!fs.existsSync(path.join(ROOT, "package.json")) || !fs.existsSync(NEXT_BIN)) {
    throw new Error(`Run this from the repository root (npm run test:reliability); not found: ${NEXT_BIN}`);
  }
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build (.next/BUILD_ID is missing). Run `npm run build` first (npm test builds before this step).");
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

let nextPortOffset = Math.floor(Math.random() * (PORT_MAX - PORT_MIN + 1));

async function findFreePort(): Promise<number> {
  // Rotate instead of always taking the first free one: a restarted server then never lands on
  // a port whose old keep-alive connections a client might still hold.
  for (let i = 0; i <= PORT_MAX - PORT_MIN; i++) {
    const port = PORT_MIN + ((nextPortOffset + i) % (PORT_MAX - PORT_MIN + 1));
    if (await portFree(port)) {
      nextPortOffset = (port - PORT_MIN + 1) % (PORT_MAX - PORT_MIN + 1);
      return port;
    }
  }
  throw new Error(`No free port in ${PORT_MIN}-${PORT_MAX}`);
}

export type Server = {
  port: number;
  baseUrl: string;
  pid: number;
  logPath: string;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  /** SIGKILL the whole process group and wait until it is gone (a crash, not a shutdown). */
  kill(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after a grace period; waits until the group is gone. */
  stop(): Promise<void>;
  /** The last lines of the server's output, for failure messages. */
  logTail(lines?: number): string;
  /** How many internal errors the tRPC route logged (app/api/trpc/[trpc]/route.ts prints "[trpc] ..."). */
  internalErrors(): number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server output)";
  }
}

async function waitHealthy(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<"ok" | "exited" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return "exited";
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      // Only trust the answer if our child is still the one listening (not someone else's server).
      if (res.status === 200 && child.exitCode === null) return "ok";
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return "timeout";
}

async function waitGroupGone(pgid: number, exited: Promise<void>, timeoutMs: number): Promise<boolean> {
  await Promise.race([exited, sleep(timeoutMs)]);
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(25);
  return !groupAlive(pgid);
}

/**
 * Starts the production server on a free port for the given data directory and waits until
 * /api/health answers 200. Retries on another port if the chosen one was taken meanwhile.
 */
export async function startServer(dataDir: string, logDir: string, label: string): Promise<Server> {
  requireProductionBuild();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const logPath = path.join(logDir, `server-${label}-${port}-${Date.now()}.log`);
    const log = fs.openSync(logPath, "a");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dataDir,
      AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      PORT: String(port),
    };
    // An AUTH_URL from the caller's shell would point Auth.js at another server.
    delete env.AUTH_URL;
    const started = Date.now();
    const child = spawn(process.execPath, [SERVE, "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    fs.closeSync(log);
    const pid = child.pid;
    if (!pid) throw new Error("Could not spawn the server process");
    registerProcessGroup(pid);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    const state = await waitHealthy(baseUrl, child, 90_000);
    const startupMs = Date.now() - started;

    const terminate = async (signal: "SIGKILL" | "SIGTERM") => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
      let gone = await waitGroupGone(pid, exited, signal === "SIGTERM" ? 10_000 : 5_000);
      if (!gone && signal === "SIGTERM") {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
        gone = await waitGroupGone(pid, exited, 5_000);
      }
      if (!gone) throw new Error(`Server process group ${pid} is still alive after ${signal}`);
      unregisterProcessGroup(pid);
    };

    if (state === "ok") {
      return {
        port,
        baseUrl,
        pid,
        logPath,
        startupMs,
        kill: () => terminate("SIGKILL"),
        stop: () => terminate("SIGTERM"),
        logTail: (lines = 30) => tail(logPath, lines),
        internalErrors: () => (tail(logPath, 1_000_000).match(/\[trpc\]/g) ?? []).length,
      };
    }
    await terminate("SIGKILL");
    const output = tail(logPath, 30);
    if (state === "exited" && /EADDRINUSE/.test(output) && attempt < 3) continue;
    throw new Error(
      `The server ${state === "exited" ? "exited before becoming healthy" : "did not become healthy within 90 s"}.\n` +
        `Last output (${logPath}):\n${output}`,
    );
  }
  throw new Error("Could not start the server");
}
