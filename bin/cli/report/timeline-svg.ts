/**
 * A rollout timeline as one SVG (the simulator's --plot and `cdk-mlops report rollout`): the candidate's ordered and
 * live share over time, the error rates users saw against the alarm threshold when known, every signal the
 * controller saw, the signal that decided the end, and the end itself. The axis covers the rollout and a short tail.
 */
import { axisEnd, type RolloutTimeline, type SignalSource } from './model';
import { axes, esc, f, legend, linePath, niceCeiling, pct, stepPath } from './svg';

export const W = 900;
export const PANEL_H = 220;
export const M = { left: 70, right: 170, top: 50, gap: 60, bottom: 50 };
const PLOT_W = W - M.left - M.right;
export const COLORS = { ordered: '#1f77b4', live: '#ff7f0e', stable: '#2ca02c', candidate: '#d62728', threshold: '#7f7f7f',
  deciding: '#c00000', shadow: '#9467bd', marker: '#6a3d9a' };
const SIGNAL_COLORS: Record<SignalSource, string> = {
  'alarm': '#d62728', 'metric-guard': '#e377c2', 'probe': '#8c564b', 'gate': '#9467bd', 'hook': '#17becf', 'operator': '#7f7f7f',
  'deploy': '#7f7f7f', 'traffic': '#bcbd22', 'other': '#7f7f7f',
};

export function timelineSvg(t: RolloutTimeline): string {
  const tEnd = axisEnd(t);
  const x = (second: number) => M.left + (Math.min(second, tEnd) / tEnd) * PLOT_W;
  const top1 = M.top;
  const top2 = M.top + PANEL_H + M.gap;
  const bottom = t.errors ? top2 + PANEL_H : top1 + PANEL_H;
  const H = bottom + M.bottom;
  const y1 = (percent: number) => top1 + PANEL_H - (percent / 100) * PANEL_H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      'font-family="Helvetica, Arial, sans-serif" font-size="12">',
    `<title>${esc(t.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(t.title)}</text>`,
  ];
  // Panel 1: the candidate's share, ordered (dashed) and live.
  const frame1 = { left: M.left, top: top1, width: PLOT_W, height: PANEL_H };
  out.push('<g id="weights">');
  out.push(...axes(frame1, tEnd, x, [0, 25, 50, 75, 100].map((v) => [y1(v), `${v}%`]), 'candidate share of traffic'));
  const visible = t.weights.filter((w) => w.second <= tEnd);
  out.push(stepPath('ordered-weight', visible.map((w) => [x(w.second), y1(w.orderedPercent)]), x(0), y1(0), COLORS.ordered, '6 4'));
  const live = visible.filter((w) => w.livePercent !== undefined);
  if (live.length > 0) out.push(stepPath('live-weight', live.map((w) => [x(w.second), y1(w.livePercent!)]), x(0), y1(0), COLORS.live));
  if (t.shadow) {
    out.push(`<rect id="shadow-run" x="${f(x(t.shadow.from))}" y="${top1}" width="${f(x(t.shadow.to) - x(t.shadow.from))}" ` +
      `height="${PANEL_H}" fill="${COLORS.shadow}" fill-opacity="0.12"/>`);
  }
  out.push(legend(M.left + PLOT_W + 15, top1, [['ordered', COLORS.ordered, '6 4'],
    ...(live.length > 0 ? [['live', COLORS.live, ''] as [string, string, string]] : []),
    ...(t.shadow ? [['shadow run', COLORS.shadow, 'area'] as [string, string, string]] : [])]));
  out.push('</g>');
  if (t.errors) out.push(...errorPanel(t.errors, top2, tEnd, x));
  // Every signal: a tick under the weights panel, its text in a tooltip.
  out.push('<g id="signals">');
  for (const s of t.signals.filter((s) => s.second <= tEnd)) {
    out.push(`<circle cx="${f(x(s.second))}" cy="${top1 + PANEL_H - 6}" r="4" fill="${SIGNAL_COLORS[s.source]}">` +
      `<title>${esc(`${s.second} s ${s.source}: ${s.label}`)}</title></circle>`);
  }
  out.push('</g>');
  if (t.deciding && t.deciding.second <= tEnd) {
    const dx = x(t.deciding.second);
    const anchor = dx > M.left + PLOT_W / 2 ? 'end' : 'start';
    out.push(`<g id="deciding-signal"><line x1="${f(dx)}" y1="${top1}" x2="${f(dx)}" y2="${bottom}" stroke="${COLORS.deciding}" ` +
      `stroke-width="2"/><path d="M${f(dx - 6)},${top1 - 2} L${f(dx + 6)},${top1 - 2} L${f(dx)},${top1 + 8} Z" fill="${COLORS.deciding}"/>` +
      `<text x="${f(dx + (anchor === 'start' ? 6 : -6))}" y="${top1 + 22}" text-anchor="${anchor}" fill="${COLORS.deciding}" ` +
      `font-weight="bold">${esc(`deciding ${t.deciding.source}: ${t.deciding.label} (${t.deciding.second} s)`)}</text></g>`);
  }
  if (t.end && t.end.second <= tEnd) {
    const ex = f(x(t.end.second));
    out.push(`<g id="end-marker"><line x1="${ex}" y1="${top1}" x2="${ex}" y2="${bottom}" stroke="#000" ` +
      `stroke-dasharray="2 4"/><text x="${ex}" y="${top1 - 6}" text-anchor="middle">${esc(t.end.kind)} at ${t.end.second} s</text></g>`);
  }
  for (const [i, m] of (t.markers ?? []).filter((m) => m.second <= tEnd).entries()) {
    // Labels stagger down the chart, so two events close together stay readable.
    const mx = x(m.second);
    const anchor = mx > M.left + PLOT_W / 2 ? 'end' : 'start';
    out.push(`<g class="lifecycle-marker"><line x1="${f(mx)}" y1="${top1}" x2="${f(mx)}" y2="${bottom}" stroke="${COLORS.marker}" ` +
      `stroke-width="2" stroke-dasharray="8 3"/><text x="${f(mx + (anchor === 'start' ? 6 : -6))}" y="${top1 + 40 + 16 * i}" ` +
      `text-anchor="${anchor}" fill="${COLORS.marker}">${esc(m.label)}</text></g>`);
  }
  out.push(`<text x="${M.left + PLOT_W / 2}" y="${H - 12}" text-anchor="middle">seconds since the rollout started</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function errorPanel(e: NonNullable<RolloutTimeline['errors']>, top: number, tEnd: number, x: (s: number) => number): string[] {
  const maxRate = Math.max(e.threshold * 1.5, ...e.stable.map((v) => v ?? 0), ...e.candidate.map((v) => v ?? 0));
  const yMax = niceCeiling(maxRate);
  const y = (rate: number) => top + PANEL_H - (rate / yMax) * PANEL_H;
  // Each bucket is drawn at its end; buckets past the axis are left out.
  const at = (i: number) => (i + 1) * e.bucketSeconds;
  const points = (rates: ReadonlyArray<number | undefined>) => rates.map((v, i) => (v === undefined || at(i) > tEnd + e.bucketSeconds
    ? undefined : [x(at(i)), y(v)] as [number, number]));
  return [
    '<g id="errors">',
    ...axes({ left: M.left, top, width: PLOT_W, height: PANEL_H }, tEnd, x, [0, 0.25, 0.5, 0.75, 1].map((q) => [y(q * yMax), pct(q * yMax)]),
      '5XX rate (trailing 60 s)'),
    `<line id="alarm-threshold" x1="${M.left}" y1="${f(y(e.threshold))}" x2="${M.left + PLOT_W}" y2="${f(y(e.threshold))}" ` +
      `stroke="${COLORS.threshold}" stroke-dasharray="3 3"/>`,
    linePath('stable-error-rate', points(e.stable), COLORS.stable),
    linePath('candidate-error-rate', points(e.candidate), COLORS.candidate),
    legend(M.left + PLOT_W + 15, top, [['stable', COLORS.stable, ''], ['candidate', COLORS.candidate, ''],
      [`alarm threshold ${pct(e.threshold)}`, COLORS.threshold, '3 3']]),
    '</g>',
  ];
}
