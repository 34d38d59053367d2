#!/usr/bin/env python3
"""Reference values for lambda/core/experiments/error-count-test.ts (the sequential count test of 5XX errors).

  python3 scripts/reference/error-count-vectors.py   # rewrites test/lambda/core/experiments/error-count-vectors.json

The statistic is computed here independently of the TypeScript code: by adaptive quadrature (scipy.integrate.quad)
of the continuous mixture, where the library uses a fixed grid. The Monte Carlo section simulates the test under its
null hypothesis (numpy, its own grid) to check that the false-alarm rate over many looks stays below alpha.
"""
import json
import math
import os
import platform

import numpy as np
import scipy
from scipy import integrate, optimize

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'lambda', 'core', 'experiments', 'error-count-vectors.json')
SEED = 20261207

FORMULA = {
    'model': 'Per period i (a CloudWatch datapoint: 10 s or 1 min) the candidate served n_c requests with x 5XX errors and '
             'the stable variant n_s requests with y. Errors are Poisson: x ~ Poisson(n_c lambda_c), y ~ Poisson(n_s lambda_s). '
             'Given k = x + y, x ~ Binomial(k, pi), pi = n_c rho / (n_c rho + n_s), rho = lambda_c / lambda_s (Lindon and '
             'Malek 2022 condition Poisson counts on their total the same way). The request counts only enter through '
             'each period\'s share, so shares may change from period to period (canary steps).',
    'hypotheses': 'H0: rho <= rho0 (the candidate\'s error rate is at most rho0 times the stable one; rho0 = maxErrorRateRatio, '
                  'default 1). H1: rho > rho0.',
    'log_lr_period': 'With theta = ln(rho / rho0) >= 0 and r = rho0 n_c / n_s: ln LR_i(theta) = x theta - k ln((r e^theta + 1) / (r + 1)). '
                     'A period with n_c = 0 or n_s = 0 gives 0 (its errors say nothing about rho).',
    'mixture': 'Lambda_K = integral over theta in [0, inf) of exp(sum_{i<=K} ln LR_i(theta)) p(theta) d theta, p the half-normal '
               'density sqrt(2/pi)/sigma exp(-theta^2 / (2 sigma^2)) (sigma = priorScale, default 4).',
    'decision': 'WORSE at the first look K with Lambda_K >= 1/alpha. For every rho\' <= rho0 each LR_i(theta), theta >= 0, has '
                'conditional mean <= 1, so Lambda is a nonnegative supermartingale under H0 and Ville\'s inequality bounds the '
                'probability of ever saying WORSE by alpha, whatever the number of looks.',
    'reference_computation': 'scipy.integrate.quad of exp(l(theta) - l_max) p(theta) over [0, theta_mode] and [theta_mode, '
                             'theta_mode + width], l concave, width where the integrand is below e^-60 of its peak; ln Lambda = '
                             'l_max + ln(integral).',
}


def log_lr(theta, periods, rho0):
    total = np.zeros_like(np.asarray(theta, dtype=float))
    for p in periods:
        nc, x, ns, y = p['candidate_requests'], p['candidate_errors'], p['stable_requests'], p['stable_errors']
        if nc == 0 or ns == 0 or x + y == 0:
            continue
        r = rho0 * nc / ns
        total = total + x * theta - (x + y) * (np.logaddexp(math.log(r) + theta, 0.0) - math.log1p(r))
    return total


def log_prior(theta, sigma):
    return 0.5 * math.log(2 / math.pi) - math.log(sigma) - theta * theta / (2 * sigma * sigma)


def log_mixture(periods, rho0, sigma):
    f = lambda t: float(log_lr(t, periods, rho0)) + log_prior(t, sigma)
    res = optimize.minimize_scalar(lambda t: -f(t), bounds=(0.0, 40.0 * sigma + 40.0), method='bounded',
                                   options={'xatol': 1e-12})
    mode = res.x if f(res.x) >= f(0.0) else 0.0
    peak = f(mode)
    hi = mode + 1.0
    while f(hi) - peak > -60.0:
        hi = mode + 2 * (hi - mode)
    g = lambda t: math.exp(f(t) - peak)
    parts = [(0.0, mode), (mode, hi)] if mode > 0 else [(0.0, hi)]
    total = 0.0
    for a, b in parts:
        v, _ = integrate.quad(g, a, b, epsabs=0.0, epsrel=1e-13, limit=400)
        total += v
    return peak + math.log(total)


DEFAULT_SIGMA = 4.0  # the library's DEFAULT_PRIOR_SCALE


def case(cid, periods, rho0=1.0, sigma=DEFAULT_SIGMA, alpha=0.01):
    looks, first = [], None
    for k in range(1, len(periods) + 1):
        llam = log_mixture(periods[:k], rho0, sigma) if any(
            p['candidate_errors'] + p['stable_errors'] > 0 and p['candidate_requests'] > 0 and p['stable_requests'] > 0
            for p in periods[:k]) else 0.0
        llam = float(llam)
        reject = bool(llam >= math.log(1 / alpha))
        if reject and first is None:
            first = k - 1
        looks.append({'log_lambda': llam, 'reject': reject})
    return {'id': cid, 'inputs': {'alpha': alpha, 'max_error_rate_ratio': rho0, 'prior_scale': sigma, 'periods': periods},
            'expected': {'per_look': looks, 'first_reject_look': first}}


def period(nc, x, ns, y):
    return {'candidate_requests': nc, 'candidate_errors': x, 'stable_requests': ns, 'stable_errors': y}


def simulated_periods(rng, looks, rate, share, p_stable, ratio, seconds=10):
    out = []
    for _ in range(looks):
        n = rng.poisson(rate * seconds)
        nc = int(rng.binomial(n, share))
        ns = int(n - nc)
        out.append(period(nc, int(rng.binomial(nc, min(1.0, p_stable * ratio))), ns, int(rng.binomial(ns, p_stable))))
    return out


def anchors():
    return [
        case('no_errors_is_exactly_one', [period(20, 0, 180, 0), period(18, 0, 175, 0)]),
        case('candidate_errors_only', [period(20, 3, 180, 0), period(21, 2, 179, 0)]),
        case('stable_errors_only', [period(20, 0, 180, 4), period(20, 0, 180, 3)]),
        case('errors_at_the_traffic_share', [period(100, 10, 900, 90)] * 3),
        case('period_without_stable_traffic_is_skipped', [period(20, 2, 0, 0), period(20, 2, 180, 0)]),
        case('period_without_candidate_traffic_is_skipped', [period(0, 0, 200, 5), period(20, 2, 180, 0)]),
        case('shares_change_between_periods', [period(20, 1, 180, 1), period(50, 3, 150, 1), period(100, 6, 100, 1)]),
        case('tolerated_ratio_1_5', [period(100, 4, 900, 10), period(100, 5, 900, 12)], rho0=1.5),
        case('narrow_prior', [period(20, 2, 180, 0), period(20, 1, 180, 1)], sigma=0.5),
        case('wide_prior_alpha_5pct', [period(20, 2, 180, 0), period(20, 1, 180, 1)], sigma=3.0, alpha=0.05),
        case('many_errors', [period(6000, 300, 54000, 900), period(6000, 280, 54000, 950)]),
        case('one_minute_periods', [period(120, 1, 1080, 1), period(118, 3, 1083, 2), period(121, 9, 1077, 1)]),
    ]


def simulated(rng):
    cases = []
    specs = [  # (looks, req/s, candidate share, stable error rate, true ratio, rho0, sigma, alpha)
        (30, 20, 0.1, 0.001, 200, 1.0, 2.0, 0.01),
        (30, 20, 0.1, 0.001, 20, 1.0, 2.0, 0.01),
        (30, 20, 0.1, 0.001, 5, 1.0, 1.5, 0.01),
        (30, 20, 0.1, 0.001, 1, 1.0, 1.5, 0.01),
        (20, 50, 0.25, 0.002, 3, 1.2, 1.0, 0.05),
        (15, 200, 0.5, 0.01, 1.3, 1.0, 2.0, 0.01),
        (12, 5, 0.1, 0.02, 2, 1.0, 1.5, 0.01),
        (10, 100, 0.1, 0.05, 1.0, 1.0, 1.5, 0.01),
    ]
    for i, (looks, rate, share, p, ratio, rho0, sigma, alpha) in enumerate(specs):
        cases.append(case(f'simulated_{i}_ratio_{ratio}', simulated_periods(rng, looks, rate, share, p, ratio), rho0, sigma, alpha))
    return cases


def monte_carlo(rng, runs=4000, looks=360):
    """False alarms under H0 (and below it): 20 req/s, 10% canary, 0.1% stable 5XX, 10 s periods for an hour."""
    sigma, alpha = DEFAULT_SIGMA, 0.01
    theta = np.linspace(0.0, 12.0 * sigma, 4001)
    lw = log_prior(theta, sigma)
    lw = lw - np.log(np.exp(lw).sum())
    out = []
    for ratio in (1.0, 0.5):
        alarms = 0
        for _ in range(runs):
            ll = np.zeros_like(theta)
            for _ in range(looks):
                n = rng.poisson(200)
                nc = rng.binomial(n, 0.1)
                ns = n - nc
                x = rng.binomial(nc, 0.001 * ratio)
                y = rng.binomial(ns, 0.001)
                if x + y == 0 or nc == 0 or ns == 0:
                    continue
                r = nc / ns
                ll += x * theta - (x + y) * (np.logaddexp(math.log(r) + theta, 0.0) - math.log1p(r))
                m = ll + lw
                if m.max() + math.log(np.exp(m - m.max()).sum()) >= math.log(1 / alpha):
                    alarms += 1
                    break
        rate = alarms / runs
        upper = rate + 1.96 * math.sqrt(max(rate * (1 - rate), 1e-12) / runs)
        out.append({'true_ratio': ratio, 'runs': runs, 'looks': looks, 'false_alarms': int(alarms), 'rate': float(rate),
                    'upper_95': float(upper), 'alpha': alpha})
    return out


def main():
    rng = np.random.default_rng(SEED)
    data = {
        'meta': {
            'generator': 'scripts/reference/error-count-vectors.py',
            'generated_with': f'python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}',
            'seed': SEED,
            'formulas': FORMULA,
            'tolerances': 'log_lambda within 1e-7 relative or 1e-9 absolute; reject and first_reject_look exact',
            'monte_carlo': monte_carlo(np.random.default_rng(SEED + 1)),
        },
        'error_count_test': anchors() + simulated(rng),
    }
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    print(f'wrote {os.path.relpath(OUT, ROOT)}: {len(data["error_count_test"])} cases; monte carlo {data["meta"]["monte_carlo"]}')


if __name__ == '__main__':
    main()
