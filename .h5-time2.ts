import { openDatabase } from "@/db";
import { consultations } from "@/db/schema";
import { buildReport } from "@/server/services/report";
const db = openDatabase(process.argv[2]);
const c = db.select().from(consultations).all()[0];
const ts: number[] = [];
for (let i = 0; i < 6; i++) { const c0 = process.cpuUsage(); const t0 = performance.now(); buildReport(db, { consultationId: c.id, includeNames: false }, { ratings: i % 2 === 0 }); ts.push(Math.round(performance.now() - t0)); const cu = process.cpuUsage(c0); ts.push(Math.round((cu.user + cu.system) / 1000)); }
console.log(ts.join(" "), "rss", (process.memoryUsage().rss / 1e6).toFixed(0));
