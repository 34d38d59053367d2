/**
 * Corrections for testing several hypotheses at once (an A/B test's metrics, a drift window's features). Holm's
 * step-down method controls the family-wise error rate (the chance of any false rejection among them) at alpha
 * under any dependence and is never less powerful than Bonferroni; Benjamini–Hochberg controls the false discovery
 * rate instead. Both take always-valid p-values as well as fixed-horizon ones. Pure.
 */

export type CorrectionMethod = 'none' | 'bonferroni' | 'holm' | 'benjamini-hochberg';

/** Adjusted p-values, in the order given: reject metric i when adjusted[i] <= alpha. */
export function adjustPValues(pValues: readonly number[], method: CorrectionMethod = 'holm'): number[] {
  const m = pValues.length;
  if (m === 0) return [];
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(m);
  switch (method) {
    case 'none':
      return [...pValues];
    case 'bonferroni':
      return pValues.map((p) => Math.min(1, p * m));
    case 'holm': {
      let running = 0;
      order.forEach(({ p, i }, k) => {
        running = Math.max(running, Math.min(1, (m - k) * p));
        out[i] = running;
      });
      return out;
    }
    case 'benjamini-hochberg': {
      let running = 1;
      for (let k = m - 1; k >= 0; k--) {
        const { p, i } = order[k];
        running = Math.min(running, (p * m) / (k + 1));
        out[i] = Math.min(1, running);
      }
      return out;
    }
    default:
      throw new Error(`unknown multiplicity correction '${String(method)}' (use none, bonferroni, holm or benjamini-hochberg)`);
  }
}
