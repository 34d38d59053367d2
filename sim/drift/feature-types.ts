/**
 * The feature types of the drift calibration study and the changes applied to them. Each numeric type is a
 * function of a latent standard normal Z: a change moves Z's mean by `shift` standard deviations or multiplies its
 * variance by `variance`, so a whole-number feature stays whole and a rating stays a half point. Categorical types
 * move the largest category's share by `share` (the other categories keep their proportions). Seeded and pure.
 */
import { SeededRandom } from '../../lambda/core/stats';

export interface DriftChange {
  readonly label: string;
  /** Shift of the latent normal's mean, in its standard deviations. */
  readonly shift: number;
  /** Factor on the latent normal's variance. */
  readonly variance: number;
  /** Change of the largest category's share (0.05 = 5 points). */
  readonly share: number;
}

const change = (label: string, c: Partial<DriftChange>): DriftChange => ({ label, shift: 0, variance: 1, share: 0, ...c });

export const NO_CHANGE = change('none', {});
export const NUMERIC_CHANGES: readonly DriftChange[] = [
  NO_CHANGE, change('mean +0.1 SD', { shift: 0.1 }), change('mean +0.2 SD', { shift: 0.2 }),
  change('mean +0.5 SD', { shift: 0.5 }), change('variance x1.5', { variance: 1.5 }),
];
export const CATEGORICAL_CHANGES: readonly DriftChange[] = [
  NO_CHANGE, change('share +5 pts', { share: 0.05 }), change('share -5 pts', { share: -0.05 }),
  change('share +10 pts', { share: 0.1 }), change('share -10 pts', { share: -0.1 }),
];

export interface NumericFeatureType {
  readonly name: string;
  readonly kind: 'numeric';
  /** One value under a change. */
  draw(r: SeededRandom, c: DriftChange): number;
}

export interface CategoricalFeatureType {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  /** Baseline shares, largest first. */
  readonly shares: readonly number[];
}

export type FeatureType = NumericFeatureType | CategoricalFeatureType;

/** The latent normal under a change. */
const latent = (r: SeededRandom, c: DriftChange) => c.shift + Math.sqrt(c.variance) * r.normal();

/** Student's t with 3 degrees of freedom (variance 3): Z / sqrt(chi2_3 / 3). */
function studentT3(r: SeededRandom): number {
  const v = r.normal() ** 2 + r.normal() ** 2 + r.normal() ** 2;
  return r.normal() / Math.sqrt(v / 3);
}

const zipf = (k: number) => {
  const w = Array.from({ length: k }, (_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
};

export const FEATURE_TYPES: readonly FeatureType[] = [
  { name: 'normal', kind: 'numeric', draw: (r, c) => latent(r, c) },
  // Shifted in its own standard deviation (sqrt 3), scaled around its centre.
  { name: 'heavy-tailed (t, 3 df)', kind: 'numeric', draw: (r, c) => Math.sqrt(3) * c.shift + Math.sqrt(c.variance) * studentT3(r) },
  { name: 'whole numbers', kind: 'numeric', draw: (r, c) => Math.round(10 + 3 * latent(r, c)) },
  { name: 'half-points 0.5-5', kind: 'numeric', draw: (r, c) => Math.min(5, Math.max(0.5, Math.round(2 * (3 + latent(r, c))) / 2)) },
  // The zeros keep their share; the lognormal part's latent changes.
  { name: '30% zeros + lognormal', kind: 'numeric', draw: (r, c) => (r.next() < 0.3 ? 0 : Math.exp(latent(r, c))) },
  { name: 'categorical (4)', kind: 'categorical', categories: ['a', 'b', 'c', 'd'], shares: [0.4, 0.3, 0.2, 0.1] },
  { name: 'categorical (40)', kind: 'categorical', categories: Array.from({ length: 40 }, (_, i) => `c${i + 1}`), shares: zipf(40) },
];

/** The shares under a change: the largest category moves by `share`, the others keep their proportions. */
export function changedShares(t: CategoricalFeatureType, c: DriftChange): number[] {
  const [first, ...rest] = t.shares;
  const factor = (1 - first - c.share) / (1 - first);
  return [first + c.share, ...rest.map((p) => p * factor)];
}

/** Draws category indices by their shares (inverse CDF, binary search). */
export class CategorySampler {
  private readonly cumulative: Float64Array;
  constructor(shares: readonly number[]) {
    this.cumulative = new Float64Array(shares.length);
    let sum = 0;
    shares.forEach((p, i) => { sum += p; this.cumulative[i] = sum; });
  }

  draw(r: SeededRandom): number {
    const u = r.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
