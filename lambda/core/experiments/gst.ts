/**
 * Group-sequential test with a Lan–DeMets alpha-spending function of the power family alpha t^rho (Kim & DeMets
 * 1987), as Spotify's Confidence: at each planned look the fixed-horizon p-value is compared with an adjusted alpha
 * so that the chance of ever rejecting a true null over all looks is alpha. Information t_k is the current sample
 * size over max(the final expected one, the current one). Boundaries by recursive numerical integration of the
 * continuation sub-density (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000 ch. 19) with Gauss–Legendre
 * panels of one standard deviation (16 nodes) of the next increment. Upper boundary only; two-sided tests spend
 * alpha/2 on it (Spotify/ldbounds convention). Pure.
 */
import { gaussLegendre, normPdf, normPpf, normSf } from './special';

export interface GstOptions {
  /** Cumulative sample sizes at the looks so far. */
  readonly looksN: readonly number[];
  /** Final sample size planned. */
  readonly expectedN: number;
  readonly alpha: number;
  /** Exponent of the spending function. Default 2 (Spotify's default). */
  readonly rho?: number;
  /** 1 or 2. Default 2. */
  readonly sides?: 1 | 2;
  /** Lower truncation of the integration, in standard deviations. Default 8. */
  readonly ztrun?: number;
}

export interface GstResult {
  readonly t: number[];
  readonly alphaSpentCumulative: number[];
  readonly alphaSpentIncrement: number[];
  /** Boundaries on the z scale. */
  readonly zBounds: number[];
  /** Reject at look k when its fixed-horizon p-value <= adjustedAlpha[k]. */
  readonly adjustedAlpha: number[];
}

const NODES_PER_PANEL = 16;

/** A density of the Brownian motion B(t) on a grid, truncated to the continuation region. */
interface Grid { x: number[]; w: number[]; f: number[] }

function grid(lo: number, hi: number, panelWidth: number): { x: number[]; w: number[] } {
  const panels = Math.max(4, Math.ceil((hi - lo) / panelWidth));
  const h = (hi - lo) / panels;
  const { nodes, weights } = gaussLegendre(NODES_PER_PANEL);
  const x: number[] = [];
  const w: number[] = [];
  for (let p = 0; p < panels; p++) {
    const mid = lo + (p + 0.5) * h;
    for (let i = 0; i < NODES_PER_PANEL; i++) {
      x.push(mid + (nodes[i] * h) / 2);
      w.push((weights[i] * h) / 2);
    }
  }
  return { x, w };
}

/** P(continued so far and B(t_k) >= b) given the previous sub-density and the increment's sd. */
function crossing(prev: Grid, b: number, sd: number): number {
  let s = 0;
  for (let i = 0; i < prev.x.length; i++) s += prev.w[i] * prev.f[i] * normSf((b - prev.x[i]) / sd);
  return s;
}

/** Brent-free bisection: the crossing probability decreases in b. */
function solveBoundary(target: number, prob: (b: number) => number, guess: number): number {
  let lo = guess - 1;
  let hi = guess + 1;
  while (prob(lo) < target) lo -= 1;
  while (prob(hi) > target) hi += 1;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (prob(mid) > target) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Boundaries and adjusted alphas of a group-sequential test at the looks so far. */
export function gstSpending(opts: GstOptions): GstResult {
  const rho = opts.rho ?? 2;
  const sides = opts.sides ?? 2;
  const ztrun = opts.ztrun ?? 8;
  const K = opts.looksN.length;
  const alphaS = sides === 2 ? opts.alpha / 2 : opts.alpha;
  const maxN = Math.max(opts.looksN[K - 1], opts.expectedN);
  const t = opts.looksN.map((n) => n / maxN);
  const cumulative = t.map((tk) => alphaS * tk ** rho);
  const increment = cumulative.map((c, k) => (k === 0 ? c : alphaS * (t[k] ** rho - t[k - 1] ** rho)));
  const zBounds: number[] = [];
  let prev: Grid | undefined;
  for (let k = 0; k < K; k++) {
    const sdInc = Math.sqrt(k === 0 ? t[0] : t[k] - t[k - 1]);
    let b: number;
    if (!prev) {
      b = -normPpf(increment[0]) * Math.sqrt(t[0]);
    } else {
      const p = prev;
      b = solveBoundary(increment[k], (bb) => crossing(p, bb, sdInc), normPpf(1 - increment[k]) * Math.sqrt(t[k]));
    }
    zBounds.push(b / Math.sqrt(t[k]));
    if (k === K - 1) break;
    // Sub-density at t_k on [-ztrun sqrt(t_k), b], on panels fine for the next increment.
    const sdNext = Math.sqrt(t[k + 1] - t[k]);
    const g = grid(-ztrun * Math.sqrt(t[k]), b, Math.min(sdNext, sdInc));
    const f = g.x.map((x) => {
      if (!prev) return normPdf(x / sdInc) / sdInc;
      let s = 0;
      for (let i = 0; i < prev.x.length; i++) s += prev.w[i] * prev.f[i] * normPdf((x - prev.x[i]) / sdInc);
      return s / sdInc;
    });
    prev = { x: g.x, w: g.w, f };
  }
  const adjustedAlpha = zBounds.map((z) => (sides === 2 ? 2 : 1) * normSf(z));
  return { t, alphaSpentCumulative: cumulative, alphaSpentIncrement: increment, zBounds, adjustedAlpha };
}
