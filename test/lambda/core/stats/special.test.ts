import {
  chiSquareSf, kolmogorovSf, nextDouble, normalQuantile, normalSf, studentTSf,
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

  test('tails of chi-square, t and normal', () => {
    close(chiSquareSf(30, 4), 4.894437128029217e-6);
    close(studentTSf(2.5, 7.3), 0.019825117332800214);
    close(normalSf(9), 1.1285884059538324e-19, 1e-8);
    close(normalQuantile(0.975), 1.959963984540054);
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
