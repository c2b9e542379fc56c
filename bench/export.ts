/**
 * The export case of `npm run bench` (issue 5, "Figures"): every export format of the large
 * generated consultation (500 stakeholders, 30 mechanisms, 3 rounds), the whole consultation,
 * pseudonymised. Each format runs in a fresh process (bench/export-one.ts), one after another,
 * so each figure is that export's own: the time from the database to the file (report built, then
 * rendered; both parts are recorded), the CPU time (the steadier figure on a shared machine) and
 * the process's peak memory. Targets: under 3 s and under 300 MB each.
 *
 * Run alone with `npm run bench -- export` (it needs only the generated data set, no server).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EXPORT_FORMATS } from "../server/export";

export const EXPORT_TARGETS = { ms: 3000, peak_rss_mb: 300 };

export type ExportFigure = {
  format: string;
  ms: number;
  build_ms: number;
  render_ms: number;
  cpu_ms: number;
  bytes: number;
  file: string;
  peak_rss_mb: number;
  rss_before_mb: number;
};

export function runExportCase(root: string, dbPath: string, consultationId: string, log: (...args: unknown[]) => void) {
  const outDir = path.join(root, "bench", "data", "exports");
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const figures: ExportFigure[] = [];
  for (const format of EXPORT_FORMATS) {
    const r = spawnSync(tsx, [path.join(root, "bench", "export-one.ts"), dbPath, consultationId, format, outDir], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (r.status !== 0) throw new Error(`export ${format} failed: ${r.stderr.slice(-2000)}`);
    const figure = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as ExportFigure;
    figures.push(figure);
    log(
      `export ${format}: ${figure.ms} ms (report ${figure.build_ms} ms + ${format} ${figure.render_ms} ms; CPU ${figure.cpu_ms} ms), ${(figure.bytes / 2 ** 20).toFixed(2)} MB, peak memory ${figure.peak_rss_mb} MB`,
    );
  }
  const results: Record<string, number> = {};
  for (const f of figures) {
    results[`export_${f.format}_ms`] = f.ms;
    results[`export_${f.format}_cpu_ms`] = f.cpu_ms;
    results[`export_${f.format}_report_ms`] = f.build_ms;
    results[`export_${f.format}_render_ms`] = f.render_ms;
    results[`export_${f.format}_bytes`] = f.bytes;
    results[`export_${f.format}_peak_rss_mb`] = f.peak_rss_mb;
  }
  return { results, figures, outDir };
}

/** Rows for the bench's table: figure, value, target, met. */
export function exportRows(figures: ExportFigure[]): Array<[string, string, string, boolean | null]> {
  return figures.flatMap((f): Array<[string, string, string, boolean | null]> => [
    [`export ${f.format}: time (ms)`, String(f.ms), `< ${EXPORT_TARGETS.ms}`, f.ms < EXPORT_TARGETS.ms],
    [`export ${f.format}: CPU time (ms)`, String(f.cpu_ms), "", null],
    [
      `export ${f.format}: peak memory (MB)`,
      String(f.peak_rss_mb),
      `< ${EXPORT_TARGETS.peak_rss_mb}`,
      f.peak_rss_mb < EXPORT_TARGETS.peak_rss_mb,
    ],
    [`export ${f.format}: size (MB)`, (f.bytes / 2 ** 20).toFixed(2), "", null],
  ]);
}
