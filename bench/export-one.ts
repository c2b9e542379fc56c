/**
 * One export of the generated consultation, in a process of its own so its peak memory is its
 * own: `tsx bench/export-one.ts <db> <consultationId> <format> <out-dir>`. Builds the report and
 * renders it exactly as the app and the command line do (without the audit entry), writes the
 * file, and prints one JSON line: the time from the database to the file, and the peak memory.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../db";
import { EXPORT_FORMATS, renderExport, type ExportFormat } from "../server/export";
import { NEEDS_RATINGS } from "../server/export/run";
import { buildReport } from "../server/services/report";

async function main() {
  const [dbPath, consultationId, format, outDir] = process.argv.slice(2);
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new Error(`unknown format ${format}`);
  const db = openDatabase(dbPath, { migrate: false });
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The same two steps as buildExport (server/export/run.ts), timed apart.
  const report = buildReport(db, { consultationId, includeNames: false }, { ratings: NEEDS_RATINGS[format as ExportFormat] });
  const built = performance.now();
  const file = await renderExport(report, format as ExportFormat);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out = path.join(outDir, file.filename);
  fs.writeFileSync(out, file.bytes);
  db.$client.close();
  console.log(
    JSON.stringify({
      format,
      ms: Math.round(ms),
      build_ms: Math.round(built - t0),
      render_ms: Math.round(ms - (built - t0)),
      // On a shared machine the wall time includes waiting for a core; CPU time does not.
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      bytes: file.bytes.byteLength,
      file: out,
      // maxRSS is in kilobytes: the process's peak, the libraries and the report included.
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      rss_before_mb: Math.round(rssBefore / 2 ** 20),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
