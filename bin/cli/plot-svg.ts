/**
 * `simulate --plot <file.svg>` (pure): one simulated run drawn as two panels over the same time axis —
 * the candidate's ordered and live traffic share, and the 5XX error rate users saw from each variant (trailing
 * 60 s, what a one-minute alarm sees) against the alarm threshold — with the rollout's end marked.
 */
import type { DecisionRecord, TimelinePoint } from '../../sim';

export interface PlotInput {
  readonly title: string;
  readonly timeline: readonly TimelinePoint[];
  /** Seconds per timeline point. */
  readonly bucketSeconds: number;
  readonly alarmThreshold: number;
  readonly decisions: readonly DecisionRecord[];
}

const W = 900;
const PANEL_H = 220;
const M = { left: 70, right: 170, top: 50, gap: 60, bottom: 50 };
const H = M.top + 2 * PANEL_H + M.gap + M.bottom;
const PLOT_W = W - M.left - M.right;
export const COLORS = { ordered: '#1f77b4', live: '#ff7f0e', stable: '#2ca02c', candidate: '#d62728', threshold: '#7f7f7f' };

/** Error rate over the trailing 60 s (or one bucket if longer) at each point; undefined where there was no traffic. */
export function trailingErrorRates(points: readonly TimelinePoint[], bucketSeconds: number, side: 'stable' | 'candidate'):
Array<number | undefined> {
  const window = Math.max(1, Math.round(60 / bucketSeconds));
  return points.map((_, i) => {
    let req = 0;
    let err = 0;
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      req += side === 'stable' ? points[j].stableRequests : points[j].candidateRequests;
      err += side === 'stable' ? points[j].stableErrors : points[j].candidateErrors;
    }
    return req === 0 ? undefined : err / req;
  });
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p + 1e-12) return m * p;
  return 10 * p;
}

export function plotSvg(input: PlotInput): string {
  const pts = input.timeline;
  const b = input.bucketSeconds;
  const tEnd = Math.max(b, pts.length * b);
  const x = (second: number) => M.left + (second / tEnd) * PLOT_W;
  const top1 = M.top;
  const top2 = M.top + PANEL_H + M.gap;
  const y1 = (pct: number) => top1 + PANEL_H - (pct / 100) * PANEL_H;
  const stable = trailingErrorRates(pts, b, 'stable');
  const candidate = trailingErrorRates(pts, b, 'candidate');
  const maxRate = Math.max(input.alarmThreshold * 1.5, ...stable.map((v) => v ?? 0), ...candidate.map((v) => v ?? 0));
  const yMax = niceCeiling(maxRate);
  const y2 = (rate: number) => top2 + PANEL_H - (rate / yMax) * PANEL_H;
  // Each point is drawn at the end of its bucket (the weights are those at the bucket's end).
  const xs = pts.map((p) => x(p.second + b));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      'font-family="Helvetica, Arial, sans-serif" font-size="12">',
    `<title>${esc(input.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(input.title)}</text>`,
  ];
  // Panel 1: traffic share.
  out.push('<g id="weights">');
  out.push(...axes(top1, tEnd, x, [0, 25, 50, 75, 100].map((v) => [y1(v), `${v}%`]), 'candidate share of traffic'));
  out.push(stepPath('ordered-weight', pts.map((p, i) => [xs[i], y1(p.orderedCandidatePercent)]), x(0), y1(0),
    COLORS.ordered, '6 4'));
  out.push(stepPath('live-weight', pts.map((p, i) => [xs[i], y1(p.liveCandidatePercent)]), x(0), y1(0), COLORS.live));
  const shadow = pts.filter((p) => p.shadow);
  if (shadow.length > 0) {
    const s0 = shadow[0].second;
    const s1 = shadow[shadow.length - 1].second + b;
    out.push(`<rect id="shadow-run" x="${f(x(s0))}" y="${top1}" width="${f(x(s1) - x(s0))}" height="${PANEL_H}" ` +
      'fill="#9467bd" fill-opacity="0.12"/>');
  }
  out.push(legend(top1, [['ordered', COLORS.ordered, '6 4'], ['live', COLORS.live, ''],
    ...(shadow.length > 0 ? [['shadow run', '#9467bd', 'area'] as [string, string, string]] : [])]));
  out.push('</g>');
  // Panel 2: error rates.
  out.push('<g id="errors">');
  out.push(...axes(top2, tEnd, x, [0, 0.25, 0.5, 0.75, 1].map((q) => [y2(q * yMax), pct(q * yMax)]),
    '5XX rate (trailing 60 s)'));
  out.push(`<line id="alarm-threshold" x1="${M.left}" y1="${f(y2(input.alarmThreshold))}" x2="${M.left + PLOT_W}" ` +
    `y2="${f(y2(input.alarmThreshold))}" stroke="${COLORS.threshold}" stroke-dasharray="3 3"/>`);
  out.push(linePath('stable-error-rate', stable.map((v, i) => (v === undefined ? undefined : [xs[i], y2(v)])), COLORS.stable));
  out.push(linePath('candidate-error-rate', candidate.map((v, i) => (v === undefined ? undefined : [xs[i], y2(v)])),
    COLORS.candidate));
  out.push(legend(top2, [['stable', COLORS.stable, ''], ['candidate', COLORS.candidate, ''],
    [`alarm threshold ${pct(input.alarmThreshold)}`, COLORS.threshold, '3 3']]));
  out.push('</g>');
  // The decision that ended the rollout, across both panels.
  const end = [...input.decisions].reverse().find((d) => ['ROLLBACK', 'FAIL', 'COMPLETE'].includes(d.kind));
  if (end && end.second <= tEnd) {
    const ex = f(x(end.second));
    out.push(`<g id="end-marker"><line x1="${ex}" y1="${top1}" x2="${ex}" y2="${top2 + PANEL_H}" stroke="#000" ` +
      `stroke-dasharray="2 4"/><text x="${ex}" y="${top1 - 6}" text-anchor="middle">${esc(end.kind)} at ` +
      `${end.second} s</text></g>`);
  }
  out.push(`<text x="${M.left + PLOT_W / 2}" y="${H - 12}" text-anchor="middle">seconds since the rollout started</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function axes(top: number, tEnd: number, x: (s: number) => number, yTicks: ReadonlyArray<[number, string]>,
  label: string): string[] {
  const bottom = top + PANEL_H;
  const parts = [
    `<rect x="${M.left}" y="${top}" width="${PLOT_W}" height="${PANEL_H}" fill="none" stroke="#cccccc"/>`,
    `<text x="18" y="${top + PANEL_H / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + PANEL_H / 2})">` +
      `${esc(label)}</text>`,
  ];
  for (const [y, text] of yTicks) {
    parts.push(`<line x1="${M.left}" y1="${f(y)}" x2="${M.left + PLOT_W}" y2="${f(y)}" stroke="#eeeeee"/>` +
      `<text x="${M.left - 6}" y="${f(y + 4)}" text-anchor="end">${esc(text)}</text>`);
  }
  const step = niceCeiling(tEnd / 8);
  for (let s = 0; s <= tEnd + 1e-9; s += step) {
    parts.push(`<line x1="${f(x(s))}" y1="${bottom}" x2="${f(x(s))}" y2="${bottom + 4}" stroke="#333333"/>` +
      `<text x="${f(x(s))}" y="${bottom + 16}" text-anchor="middle">${s}</text>`);
  }
  return parts;
}

/** A step line (weights hold between points), starting at (x0, y0). */
function stepPath(id: string, points: ReadonlyArray<[number, number]>, x0: number, y0: number, color: string, dash = ''):
string {
  let d = `M${f(x0)},${f(y0)}`;
  let prevY = y0;
  for (const [px, py] of points) {
    if (py !== prevY) d += ` V${f(py)}`;
    d += ` H${f(px)}`;
    prevY = py;
  }
  return `<path id="${id}" d="${d}" fill="none" stroke="${color}" stroke-width="2"` +
    `${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/** A polyline with gaps where a point is undefined (no traffic). */
function linePath(id: string, points: ReadonlyArray<[number, number] | undefined>, color: string): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${d ? ' ' : ''}${pen ? 'L' : 'M'}${f(p[0])},${f(p[1])}`;
    pen = true;
  }
  return `<path id="${id}" d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
}

function legend(top: number, items: ReadonlyArray<[string, string, string]>): string {
  const x0 = M.left + PLOT_W + 15;
  return items.map(([label, color, dash], i) => {
    const y = top + 14 + i * 18;
    const mark = dash === 'area'
      ? `<rect x="${x0}" y="${y - 6}" width="24" height="10" fill="${color}" fill-opacity="0.25"/>`
      : `<line x1="${x0}" y1="${y}" x2="${x0 + 24}" y2="${y}" stroke="${color}" stroke-width="2"` +
        `${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
    return `${mark}<text x="${x0 + 30}" y="${y + 4}">${esc(label)}</text>`;
  }).join('\n');
}

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

function f(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
