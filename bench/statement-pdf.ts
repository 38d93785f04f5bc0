/**
 * Render time and size of a typical month's statement PDF (goal: well under 300 ms warm
 * and 400 KB). Prints figures only; machines differ too much for a timed assertion.
 *
 *   npx tsx bench/statement-pdf.ts [runs]
 */
import { renderStatementPdf } from '../reports/statement-pdf.js';
import { sampleSpendingLines, sampleStatement } from '../tests/support/statement-fixture.js';
import type { StatementModel } from '../reports/statement-model.js';
import { printResult } from './result.js';
import { percentile } from './common.js';

const WARM_UP_RUNS = 3;
const runs = Number(process.argv[2] ?? 15);

/** Page objects in a PDF as pdfkit writes it (each page a plain `/Type /Page` object). */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

async function measure(name: string, model: StatementModel, lang: 'zh-CN' | 'en'): Promise<void> {
  const coldStart = performance.now();
  const first = await renderStatementPdf(model, { lang });
  const coldMs = performance.now() - coldStart;
  for (let run = 1; run < WARM_UP_RUNS; run += 1) await renderStatementPdf(model, { lang });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let size = first.length;
  let pages = pageCount(first);
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const pdf = await renderStatementPdf(model, { lang });
    const cpu = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    size = pdf.length;
    pages = pageCount(pdf);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(28)} first ${coldMs.toFixed(0).padStart(5)} ms   ` +
      `warm median ${percentile(times, 0.5).toFixed(0).padStart(4)} ms   ` +
      `p95 ${percentile(times, 0.95).toFixed(0).padStart(4)} ms   ` +
      `cpu median ${percentile(cpuTimes, 0.5).toFixed(0).padStart(4)} ms   ` +
      `size ${(size / 1024).toFixed(1).padStart(6)} KB   ${pages} pages`,
  );
  printResult({
    bench: 'pdf',
    db: null,
    case: name,
    figures: {
      runs,
      firstMs: coldMs,
      medianMs: percentile(times, 0.5),
      meanMs: times.reduce((sum, ms) => sum + ms, 0) / times.length,
      p95Ms: percentile(times, 0.95),
      cpuMedianMs: percentile(cpuTimes, 0.5),
      bytes: size,
      pages,
    },
  });
}

// CPU time (user + system, including pdfkit's zlib and the GC) is printed beside wall time
// because on a shared machine wall time mostly measures the neighbours.
console.log(`statement PDF, ${runs} warm runs each after ${WARM_UP_RUNS} warm-up renders`);
await measure('typical month, zh-CN', sampleStatement(), 'zh-CN');
await measure('typical month, en', sampleStatement(), 'en');
await measure(
  '200 spending lines, zh-CN',
  sampleStatement({ spending: sampleSpendingLines(200) }),
  'zh-CN',
);
