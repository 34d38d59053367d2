/**
 * One feature's baseline and current distributions as a small SVG: numeric features as two histograms on the same
 * bins (baseline filled grey, current outlined in colour), categorical ones as paired bars per category.
 */
import type { Distribution } from './model';
import { esc, f, pct } from './svg';

const W = 420;
const H = 200;
const M = { left: 44, right: 10, top: 24, bottom: 34 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
export const DIST_COLORS = { baseline: '#9e9e9e', current: '#d62728' };

export function distributionSvg(feature: string, baseline: Distribution, current: Distribution): string {
  const shares = baseline.kind === 'numeric' && current.kind === 'numeric'
    ? [...baseline.bins, ...current.bins].map((b) => b.share)
    : [...(baseline.kind === 'categorical' ? baseline.bars : []), ...(current.kind === 'categorical' ? current.bars : [])].map((b) => b.share);
  const yMax = Math.max(0.01, ...shares) * 1.1;
  const y = (share: number) => M.top + PH - (share / yMax) * PH;
  const out = [
    `<svg class="distribution" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      `role="img" aria-label="${esc(`Distribution of ${feature}: baseline and current`)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="#ffffff" stroke="#cccccc"/>`,
    `<text x="${M.left - 4}" y="${M.top + 4}" text-anchor="end">${esc(pct(yMax))}</text>`,
    `<text x="${M.left - 4}" y="${M.top + PH}" text-anchor="end">0</text>`,
    `<rect x="${M.left + 6}" y="6" width="10" height="10" fill="${DIST_COLORS.baseline}" fill-opacity="0.6"/>` +
      `<text x="${M.left + 20}" y="15">baseline</text>` +
      `<rect x="${M.left + 80}" y="6" width="10" height="10" fill="none" stroke="${DIST_COLORS.current}" stroke-width="2"/>` +
      `<text x="${M.left + 94}" y="15">current window</text>`,
  ];
  if (baseline.kind === 'numeric' && current.kind === 'numeric') {
    const n = Math.max(baseline.bins.length, 1);
    const bw = PW / n;
    baseline.bins.forEach((b, i) => out.push(`<rect class="baseline-bar" x="${f(M.left + i * bw)}" y="${f(y(b.share))}" ` +
      `width="${f(bw)}" height="${f(M.top + PH - y(b.share))}" fill="${DIST_COLORS.baseline}" fill-opacity="0.6"/>`));
    let d = `M${M.left},${M.top + PH}`;
    current.bins.forEach((b, i) => {
      d += ` V${f(y(b.share))} H${f(M.left + (i + 1) * bw)}`;
    });
    out.push(`<path class="current-line" d="${d} V${M.top + PH}" fill="none" stroke="${DIST_COLORS.current}" stroke-width="2"/>`);
    const first = baseline.bins[0] ?? current.bins[0];
    const last = baseline.bins[baseline.bins.length - 1] ?? current.bins[current.bins.length - 1];
    if (first && last) {
      out.push(`<text x="${M.left}" y="${H - 18}" text-anchor="start">${esc(num(first.lo))}</text>` +
        `<text x="${M.left + PW}" y="${H - 18}" text-anchor="end">${esc(num(last.hi))}</text>`);
    }
  } else if (baseline.kind === 'categorical' && current.kind === 'categorical') {
    const n = Math.max(baseline.bars.length, 1);
    const slot = PW / n;
    const bw = Math.min(18, slot / 2 - 2);
    baseline.bars.forEach((b, i) => {
      const cx = M.left + i * slot + slot / 2;
      const c = current.bars[i]?.share ?? 0;
      out.push(`<rect class="baseline-bar" x="${f(cx - bw - 1)}" y="${f(y(b.share))}" width="${f(bw)}" height="${f(M.top + PH - y(b.share))}" ` +
        `fill="${DIST_COLORS.baseline}" fill-opacity="0.6"/>` +
        `<rect class="current-bar" x="${f(cx + 1)}" y="${f(y(c))}" width="${f(bw)}" height="${f(M.top + PH - y(c))}" fill="none" ` +
        `stroke="${DIST_COLORS.current}" stroke-width="2"/>` +
        `<text x="${f(cx)}" y="${H - 18}" text-anchor="middle">${esc(b.label.length > 10 ? `${b.label.slice(0, 9)}…` : b.label)}</text>`);
    });
  }
  out.push(`<text x="${M.left + PW / 2}" y="${H - 4}" text-anchor="middle">${esc(feature)}</text>`, '</svg>');
  return out.join('\n');
}

function num(v: number): string {
  return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(2) : String(Math.round(v * 1000) / 1000);
}
