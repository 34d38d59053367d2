import {
  chiSquareQuantile, chiSquareSf, kolmogorovLimitSf, kolmogorovSf, ksOneSampleSf, nextDouble, noncentralChiSquareSf, normalQuantile, normalSf, studentTSf,
} from '../../../../lambda/core/stats';

// Expected values: scipy 1.17.1 (stats.kstwo.sf, chi2.sf, t.sf, norm.sf), computed independently of this code.
const close = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));

describe('special functions', () => {
  test.each([
    [50, 0.05, 0.9990238098461883], // Durbin matrix
    [200, 0.03, 0.991436524714942], // n > 140, Durbin
    [1000, 0.04, 0.07933956059000224], // Pelz-Good region / Smirnov
    [5000, 0.015, 0.20846142096186204],
    [30, 0.6, 7.392006292214292e-11], // x >= 0.5: 2 * Smirnov
    [100, 0.25, 5.408871776434847e-6],
  ])('kstwo.sf(d=%p… n=%p)', (n, d, want) => close(kolmogorovSf(n, d), want));

  test.each([
    [0.2, 0.999999999999495], [0.5, 0.9639452436648751], [0.8, 0.5441424115741981], [1.0, 0.26999967167735456],
    [1.18, 0.1234538094297657], [1.2, 0.11224966667072497], [1.5, 0.022217962616525127], [2.5, 7.453306344157342e-06],
    [4.0, 2.532833109818835e-14], [6.0, 1.0760372320042276e-31],
  ])('kstwobign.sf(%p) (Kolmogorov\'s limit)', (lambda, want) => close(kolmogorovLimitSf(lambda), want));

  test('the one-sample KS tail: exact up to 1,000 values, the limit above (never below the exact tail)', () => {
    close(ksOneSampleSf(1000, 0.04), kolmogorovSf(1000, 0.04));
    // scipy: kstwo.sf(1.63 / sqrt(10000), 10000) = 0.009738034669724812 < kstwobign.sf(1.63) = 0.009846364888486529
    close(ksOneSampleSf(10000, 0.0163), 0.009846364888486529);
  });

  test('tails of chi-square, t and normal', () => {
    close(chiSquareSf(30, 4), 4.894437128029217e-6);
    close(studentTSf(2.5, 7.3), 0.019825117332800214);
    close(normalSf(9), 1.1285884059538324e-19, 1e-8);
    close(normalQuantile(0.975), 1.959963984540054);
  });

  test.each([
    [11.3, 3, 0.057, 0.011240483597510502],
    [215.8817779311138, 2, 0.3542, 9.910097136670274e-45],
    [50, 39, 64, 0.9997232672832188],
    [1e-3, 5, 2.5, 0.9999999995181597],
    [400, 10, 100, 1.6949878958548247e-22],
  ])('ncx2.sf(%p, dof %p, nc %p)', (x, dof, nc, want) => close(noncentralChiSquareSf(x, dof, nc), want, 1e-8));

  test('chi-square quantile (chi2.ppf(0.99, 3) = 11.344866730144373) and the central case of ncx2', () => {
    close(chiSquareQuantile(0.99, 3), 11.344866730144373);
    expect(noncentralChiSquareSf(7, 4, 0)).toBe(chiSquareSf(7, 4));
  });

  test('nextDouble: the next representable double (numpy.nextafter(x, inf))', () => {
    // numpy.nextafter(0.5, inf) = 0.5000000000000001, nextafter(-1, inf) = -0.9999999999999999, nextafter(0, inf) = 5e-324
    expect(nextDouble(0.5)).toBe(0.5000000000000001);
    expect(nextDouble(-1)).toBe(-0.9999999999999999);
    expect(nextDouble(0)).toBe(5e-324);
    expect(nextDouble(-0)).toBe(5e-324);
    expect(nextDouble(1e300) > 1e300).toBe(true);
    expect(nextDouble(Number.MAX_VALUE)).toBe(Infinity);
  });
});
