// The reference tests of the drift calibration bench, written from their textbook definitions and independent of
// the library's statistics (lambda/core/stats), so the bench compares the library's decision with what a
// statistician would run on the same samples. scripts/drift-calibration-scipy.py checks them against scipy.
//
// Two-sample Kolmogorov–Smirnov (Conover, Practical Nonparametric Statistics, 3rd ed., §6.3): D = sup_x |F(x) - G(x)|
// of the two empirical CDFs, taken at every distinct value of the pooled sample (tied values move both CDFs at
// once). Two-sided p-value from Kolmogorov's limit Q(l) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 l^2) at
// l = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D, ne = n m / (n + m) (Stephens 1970; Numerical Recipes §14.3, probks).
//
// Pearson's chi-square test of homogeneity (Agresti, Categorical Data Analysis, §3.2) on the 2 x k table of the
// two samples' counts over the categories seen in either: X2 = sum (O - E)^2 / E, E = row total * column total / N,
// k - 1 degrees of freedom, p = Q(dof/2, X2/2) the regularized upper incomplete gamma function (Numerical Recipes
// §6.2: series below a + 1, continued fraction above). No continuity correction, no pooling of small categories.

/** D of two samples sorted ascending (merge walk over the pooled distinct values). */
function ksStatistic(a, b) {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = a[i] < b[j] ? a[i] : b[j];
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return d;
}

/** Kolmogorov's Q(lambda) (probks). */
function kolmogorovQ(lambda) {
  const a2 = -2 * lambda * lambda;
  let sign = 2;
  let sum = 0;
  let previous = 0;
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(a2 * k * k);
    sum += term;
    if (Math.abs(term) <= 0.001 * previous || Math.abs(term) <= 1e-8 * sum) return Math.min(1, Math.max(0, sum));
    sign = -sign;
    previous = Math.abs(term);
  }
  return 1; // no convergence: lambda is tiny, the p-value is 1
}

/** Two-sided KS test of two samples sorted ascending. */
function ksTest(a, b) {
  const d = ksStatistic(a, b);
  const ne = (a.length * b.length) / (a.length + b.length);
  const root = Math.sqrt(ne);
  return { statistic: d, pvalue: kolmogorovQ((root + 0.12 + 0.11 / root) * d) };
}

/** ln Gamma(x), Lanczos (Numerical Recipes gammln). */
function logGamma(x) {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const cj of c) ser += cj / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes gammq: gser / gcf). */
function gammaQ(a, x) {
  if (x <= 0) return 1;
  const gln = logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 3e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - gln));
  }
  const FPMIN = 1e-300;
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 3e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Pearson's chi-square test of homogeneity of two samples given as counts per category (same order). */
function chiSquareTest(countsA, countsB) {
  const na = countsA.reduce((s, v) => s + v, 0);
  const nb = countsB.reduce((s, v) => s + v, 0);
  const total = na + nb;
  let x2 = 0;
  let columns = 0;
  for (let k = 0; k < countsA.length; k++) {
    const col = countsA[k] + countsB[k];
    if (col === 0) continue;
    columns++;
    const ea = (na * col) / total;
    const eb = (nb * col) / total;
    x2 += (countsA[k] - ea) ** 2 / ea + (countsB[k] - eb) ** 2 / eb;
  }
  const dof = columns - 1;
  return { statistic: x2, dof, pvalue: dof > 0 ? gammaQ(dof / 2, x2 / 2) : 1 };
}

module.exports = { ksStatistic, kolmogorovQ, ksTest, gammaQ, chiSquareTest };
