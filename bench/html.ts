// `npm run bench -- --html FILE`: one self-contained HTML page (no scripts, no external
// resources): inline SVG bar charts of ppcjit/qemu per workload and of the change against the
// baseline, the results table and the history of compared runs. Pure: returns the document.
import type { Comparison } from './compare.js';
import { type BenchReport, bootSummary, type HistoryEntry } from './report.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

const ROW = 26;
const LABEL = 110;
const PLOT = 420;
const RIGHT = 90;

function svg(height: number, body: string, title: string): string {
  const w = LABEL + PLOT + RIGHT;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" role="img" aria-label="${esc(title)}">${body}</svg>`;
}

/** Horizontal bars of ppcjit time / qemu time; the line at 1× is parity. */
export function ratioChart(report: BenchReport): string {
  const rows = report.results.filter((r) => r.ratio !== undefined);
  if (!rows.length) return '<p>No ratios: qemu was not run.</p>';
  const max = Math.max(1, ...rows.map((r) => r.ratio!)) * 1.05;
  const x = (v: number) => LABEL + (v / max) * PLOT;
  const h = rows.length * ROW + 30;
  let body = '';
  rows.forEach((r, i) => {
    const y = 10 + i * ROW;
    const fill = r.ratio! <= 1 ? '#2e7d32' : r.kind === 'system' ? '#6a1b9a' : '#1565c0';
    body += `<text x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${esc(r.name)}</text>`;
    body += `<rect x="${LABEL}" y="${y + 3}" width="${(x(r.ratio!) - LABEL).toFixed(1)}" height="${ROW - 8}" fill="${fill}"><title>${esc(r.name)}: ${r.ratio!.toFixed(2)}×</title></rect>`;
    body += `<text x="${(x(r.ratio!) + 4).toFixed(1)}" y="${y + 15}">${r.ratio!.toFixed(2)}×</text>`;
  });
  const one = x(1).toFixed(1);
  body += `<line x1="${one}" y1="5" x2="${one}" y2="${h - 18}" stroke="#000" stroke-dasharray="4 3"/>`;
  body += `<text x="${one}" y="${h - 4}" text-anchor="middle">1× (qemu)</text>`;
  return svg(h, body, 'ppcjit time / qemu time per workload');
}

/** Diverging bars of the change against the baseline; ticks mark the allowed change. */
export function changeChart(cmp: Comparison): string {
  const rows = cmp.workloads.filter((w) => w.change !== undefined);
  if (!rows.length) return '<p>No workload in common with the baseline.</p>';
  const span = Math.max(0.05, ...rows.map((w) => Math.abs(w.change!)), ...rows.map((w) => w.allowed)) * 1.1;
  const mid = LABEL + PLOT / 2;
  const x = (v: number) => mid + (v / span) * (PLOT / 2);
  const h = rows.length * ROW + 30;
  let body = '';
  rows.forEach((w, i) => {
    const y = 10 + i * ROW;
    const c = w.change!;
    const fill = w.status === 'regression' ? '#c62828' : w.status === 'faster' ? '#2e7d32' : '#757575';
    const x0 = Math.min(mid, x(c));
    body += `<text x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${esc(w.name)}</text>`;
    body += `<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${Math.abs(x(c) - mid).toFixed(1)}" height="${ROW - 8}" fill="${fill}"><title>${esc(w.name)}: ${pct(c)} (allowed ${pct(w.allowed)})</title></rect>`;
    const xa = x(w.allowed).toFixed(1);
    body += `<line x1="${xa}" y1="${y + 1}" x2="${xa}" y2="${y + ROW - 3}" stroke="#000" stroke-width="2" stroke-dasharray="3 2"/>`;
    body += `<text x="${LABEL + PLOT + 6}" y="${y + 15}">${pct(c)}</text>`;
  });
  body += `<line x1="${mid}" y1="5" x2="${mid}" y2="${h - 18}" stroke="#000"/>`;
  body += `<text x="${mid}" y="${h - 4}" text-anchor="middle">0 (dashed ticks: threshold + noise)</text>`;
  return svg(h, body, 'change of the median wall time against the baseline');
}

function resultsTable(report: BenchReport): string {
  const head = [
    'workload',
    'kind',
    'median ms',
    'min–max ms',
    'noise',
    'instructions',
    'MIPS',
    'blocks',
    'regions',
    'translate ms',
    'RSS MB',
    'qemu ms',
    'ratio',
  ];
  const rows = report.results.map(
    (r) =>
      [
        esc(r.name),
        r.kind,
        r.wallMs.toFixed(0),
        `${r.minMs.toFixed(0)}–${r.maxMs.toFixed(0)}`,
        `±${(r.noise * 100).toFixed(1)}%`,
        r.instructions.toLocaleString('en-US'),
        r.mips.toFixed(1),
        String(r.blocksCompiled),
        String(r.regionsCompiled),
        r.translateMs.toFixed(1),
        (r.maxRssKb / 1024).toFixed(0),
        r.qemuMs?.toFixed(0) ?? '-',
        r.ratio?.toFixed(2) ?? esc(r.qemuNote ?? '-'),
      ]
        .map((c) => `<td>${c}</td>`)
        .join('') + (r.error ? `<td class="bad">${esc(r.error)}</td>` : ''),
  );
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r}</tr>`).join('')}</table>`;
}

/** The boot workloads' times to their console marker and to power-off, next to QEMU's. */
function bootSection(report: BenchReport): string {
  const lines = report.results.map(bootSummary).filter((l) => l !== undefined);
  if (!lines.length) return '';
  return `<h2>Boot to init and power-off</h2>
<p class="muted">ppcjit times from building the machine; qemu times from spawning qemu-system-ppc. Not in the geomean.</p>
<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
`;
}

function historyTable(history: readonly HistoryEntry[]): string {
  if (!history.length) return '<p>No compared runs yet (run with <code>--compare BASELINE.json</code>).</p>';
  const names = [...new Set(history.flatMap((h) => h.workloads.map((w) => w.name)))];
  const head = ['date', 'baseline', 'threshold', 'geomean', ...names, 'verdict'];
  const rows = history.map((h) => {
    const by = new Map(h.workloads.map((w) => [w.name, w]));
    const cells = names.map((n) => {
      const w = by.get(n);
      if (!w) return '<td></td>';
      const cls = w.status === 'regression' || w.status === 'error' ? ' class="bad"' : '';
      const txt = w.change === undefined ? w.status : pct(w.change);
      return `<td${cls} title="${w.wallMs?.toFixed(0) ?? '-'} ms">${txt}</td>`;
    });
    return `<tr><td>${esc(h.date)}</td><td>${esc(h.baselineDate ?? '-')}</td><td>${h.thresholdPct}%</td><td>${h.geomean?.toFixed(3) ?? '-'}</td>${cells.join('')}<td${h.failed ? ' class="bad">FAIL' : '>pass'}</td></tr>`;
  });
  return `<table><tr>${head.map((x) => `<th>${esc(x)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

export function renderHtml(report: BenchReport, cmp?: Comparison, history: readonly HistoryEntry[] = []): string {
  const load = report.loadavg ? ` · load ${report.loadavg.map((l) => l.toFixed(2)).join(' ')}` : '';
  const cpus = report.cpus ? ` on ${report.cpus} CPUs` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ppcjit benchmarks ${esc(report.date)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
svg text{font:12px system-ui,sans-serif;fill:#222}
table{border-collapse:collapse;margin:8px 0 24px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
.bad{color:#c62828;font-weight:bold}
.muted{color:#666}
</style></head><body>
<h1>ppcjit benchmarks</h1>
<p class="muted">${esc(report.date)} · Node ${esc(report.node)}${cpus}${load} · median of ${report.runs} run(s) per workload${
    report.geomean !== undefined ? ` · geomean ppcjit/qemu-ppc (user mode) ${report.geomean.toFixed(3)}×` : ''
  }</p>
<h2>ppcjit time / qemu time</h2>
<p class="muted">Blue: user mode against qemu-ppc; purple: system mode against qemu-system-ppc (timed to the client's exit); green: faster than qemu.</p>
${ratioChart(report)}
${bootSection(report)}${
  cmp
    ? `<h2>Change against the baseline of ${esc(cmp.baselineDate ?? '?')}</h2>
<p>${cmp.failed ? '<span class="bad">FAIL</span>' : 'pass'}: a workload regresses when its median is slower by more than ${cmp.thresholdPct}% plus the noise of the runs.</p>
${changeChart(cmp)}`
    : ''
}
<h2>Results</h2>
${resultsTable(report)}
<h2>History of compared runs</h2>
${historyTable(history)}
</body></html>
`;
}
