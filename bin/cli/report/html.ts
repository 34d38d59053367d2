/**
 * The reports as self-contained HTML pages: inline CSS and SVG, no script, no font or image from the network (a
 * Content-Security-Policy that allows nothing else says so to the browser too).
 */
import { distributionSvg } from './distribution-svg';
import type { DriftWindowReport, FeatureReport, RolloutTimeline } from './model';
import { esc } from './svg';
import { timelineSvg } from './timeline-svg';

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; max-width: 1000px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 6px; }
.source { color: #666; font-size: 12px; margin: 0 0 16px; word-break: break-all; }
.verdict { padding: 10px 14px; border-radius: 4px; font-size: 16px; font-weight: bold; margin: 12px 0; }
.verdict.bad { background: #fde8e8; border-left: 6px solid #c00000; } .verdict.good { background: #e8f5e9; border-left: 6px solid #2e7d32; }
.facts { color: #444; margin: 4px 0 12px; } .facts span { margin-right: 18px; }
table { border-collapse: collapse; margin: 8px 0 20px; font-size: 13px; } th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: bold; }
.badge.drift, .badge.ROLLED_BACK, .badge.FAILED, .badge.ABORTED { background: #c00000; color: #fff; }
.badge.no-drift, .badge.PROMOTED { background: #2e7d32; color: #fff; } .badge.not-decided { background: #9e9e9e; color: #fff; }
.feature { border: 1px solid #ddd; border-radius: 4px; padding: 12px; margin: 0 0 14px; display: flex; gap: 16px; flex-wrap: wrap; }
.feature dl { margin: 0; font-size: 13px; min-width: 260px; flex: 1; } .feature dt { color: #666; } .feature dd { margin: 0 0 6px; }
.note { color: #8a4b00; } ul { font-size: 13px; }
`;

function page(title: string, body: string): string {
  return ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>`, body, '</body></html>', ''].join('\n');
}

const decisionClass = (d: string) => d.replace(/ /g, '-');
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

export function driftReportHtml(r: DriftWindowReport): string {
  const drifted = r.features.filter((f) => f.decision === 'drift');
  const verdict = drifted.length > 0
    ? `<p class="verdict bad">Drift in ${drifted.length} of ${r.features.length} features: ${esc(drifted.map((f) => f.name).join(', '))}</p>`
    : `<p class="verdict good">No drift in ${r.features.length} features</p>`;
  const facts = [
    r.start && r.end ? `window ${esc(r.start)} – ${esc(r.end)}` : undefined,
    r.records !== undefined ? `${r.records} records` : undefined,
    r.malformed !== undefined ? `${r.malformed} malformed` : undefined,
  ].filter((x): x is string => x !== undefined).map((x) => `<span>${x}</span>`).join('');
  const rows = r.features.map((f) => `<tr><td><a href="#feature-${esc(f.name)}">${esc(f.name)}</a></td><td>${f.kind}, ${esc(f.source)}</td>` +
    `<td><span class="badge ${decisionClass(f.decision)}">${f.decision}</span></td>` +
    `<td>${f.statistic ? fmt(f.statistic.value) : '—'}</td><td>${f.threshold !== undefined ? fmt(f.threshold) : '—'}</td>` +
    `<td>${f.test ? fmt(f.test.adjustedPValue) : '—'}</td><td>${f.baselineCount} → ${f.currentCount}</td></tr>`).join('\n');
  const other = r.otherViolations.length > 0
    ? `<h2>Other findings</h2><ul id="other-findings">${r.otherViolations.map((v) => `<li>${esc(v)}</li>`).join('')}</ul>` : '';
  return page(r.title, [
    `<h1>${esc(r.title)}</h1>`, `<p class="source">${esc(r.source)}</p>`, verdict, `<p class="facts">${facts}</p>`,
    '<table id="summary"><thead><tr><th>Feature</th><th>Kind</th><th>Decision</th><th>Effect</th><th>Effect size</th>' +
      '<th>Adjusted p-value</th>' +
      `<th>Values (baseline → window)</th></tr></thead><tbody>${rows}</tbody></table>`,
    ...r.features.map(featureSection), other,
  ].join('\n'));
}

function featureSection(f: FeatureReport): string {
  const items: Array<[string, string]> = [
    ['Decision', `<span class="badge ${decisionClass(f.decision)}">${f.decision}</span>${f.decidedBy ? ` (decided by ${esc(f.decidedBy)})` : ''}`],
    ['Effect', f.statistic ? `${esc(f.statistic.name)}: <b>${fmt(f.statistic.value)}</b>` : 'not computed (no summary.json)'],
    ['Effect size', f.threshold !== undefined ? fmt(f.threshold) : '—'],
    ['Test', f.test ? testText(f.test) : 'not computed (no summary.json)'],
    ['Values', `${f.baselineCount} in the baseline, ${f.currentCount} in the window`],
    ...(f.violations.length > 0 ? [['Violations', f.violations.map(esc).join('<br>')] as [string, string]] : []),
    ...(f.note ? [['Note', `<span class="note">${esc(f.note)}</span>`] as [string, string]] : []),
  ];
  return `<section class="feature ${decisionClass(f.decision)}" id="feature-${esc(f.name)}">` +
    `<figure>${distributionSvg(f.name, f.baseline, f.current)}</figure>` +
    `<dl><h2>${esc(f.name)}</h2>${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

function testText(t: NonNullable<FeatureReport['test']>): string {
  if (!t.applicable) return `${esc(t.name)}: could not run (too few expected counts), p-value taken as 1`;
  return `${esc(t.name)}: p-value ${fmt(t.pValue)}, adjusted across the window's features (Holm) <b>${fmt(t.adjustedPValue)}</b>, ` +
    `false-alarm budget ${fmt(t.budget)}`;
}

export function rolloutReportHtml(t: RolloutTimeline): string {
  const end = t.end
    ? `<p class="verdict ${t.end.outcome === 'PROMOTED' ? 'good' : 'bad'}">${esc(t.end.outcome)} at ${t.end.second} s` +
      `${t.end.cause ? ` (${esc(t.end.cause)})` : ''}: ${esc(t.end.reason)}</p>`
    : '<p class="verdict good">Still running</p>';
  const deciding = t.deciding ? `<p>Deciding signal: <b>${esc(t.deciding.source)}</b> at ${t.deciding.second} s: ${esc(t.deciding.label)}</p>` : '';
  const events = t.events.map((e) => `<tr><td>${e.second} s</td><td>${esc(e.kind)}</td><td>${esc(e.reason)}</td></tr>`).join('\n');
  const signals = t.signals.map((s) => `<tr><td>${s.second} s</td><td>${esc(s.source)}</td><td>${esc(s.label)}</td></tr>`).join('\n');
  return page(t.title, [
    `<h1>${esc(t.title)}</h1>`, `<p class="facts">${t.facts.map((x) => `<span>${esc(x)}</span>`).join('')}</p>`, end, deciding,
    `<figure id="timeline">${timelineSvg(t)}</figure>`,
    `<h2>Events</h2><table id="events"><thead><tr><th>At</th><th>Decision</th><th>Reason</th></tr></thead><tbody>${events}</tbody></table>`,
    ...(t.signals.length > 0 ? [`<h2>Signals</h2><table id="signals"><thead><tr><th>At</th><th>Source</th><th>What</th></tr></thead>` +
      `<tbody>${signals}</tbody></table>`] : []),
  ].join('\n'));
}
