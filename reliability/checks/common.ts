/** What every check reports back to run.ts, and small shared helpers. */
export type CheckResult = {
  name: string;
  passed: boolean;
  seconds: number;
  /** Figures for the summary (one short line each). */
  figures: string[];
  /** Why it failed (empty when passed). */
  failures: string[];
};

export type RunContext = {
  /** Where server logs go (kept only with RELIABILITY_KEEP_TMP). */
  logDir: string;
  /** RELIABILITY_QUICK: shorter load phase for local iterations. */
  quick: boolean;
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function log(check: string, message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}] ${check}: ${message}`);
}

/** Collects failure reasons with `expect(condition, reason)` instead of throwing at the first. */
export class Failures {
  readonly list: string[] = [];
  expect(ok: boolean, reason: string): boolean {
    if (!ok) this.list.push(reason);
    return ok;
  }
  addAll(reasons: string[]): void {
    this.list.push(...reasons);
  }
}
