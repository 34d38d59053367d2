/**
 * Judging a shadow run: the shadow must have seen enough requests, must not fail more often than the stable
 * model by more than the allowed margin, and must not be much slower at p99. Missing metrics are "not yet",
 * never "pass".
 */
import type { ShadowComparison } from './signals';
import type { ShadowGates } from './strategy';

export interface ShadowVerdict {
  readonly result: 'PASS' | 'FAIL' | 'INSUFFICIENT';
  readonly detail: string;
}

export function judgeShadow(m: ShadowComparison | undefined, gates: ShadowGates): ShadowVerdict {
  if (!m) return { result: 'INSUFFICIENT', detail: 'no shadow metrics yet' };
  if (m.shadowRequests < gates.minRequests) {
    return { result: 'INSUFFICIENT', detail: `${m.shadowRequests} of ${gates.minRequests} shadow requests` };
  }
  if (!(m.stableP99Ms > 0) || !(m.shadowP99Ms > 0) || m.stableRequests <= 0) {
    return { result: 'INSUFFICIENT', detail: 'latency or stable-variant metrics missing' };
  }
  const increase = m.shadowErrorRate - m.stableErrorRate;
  const ratio = m.shadowP99Ms / m.stableP99Ms;
  const detail = `5XX ${pct(m.shadowErrorRate)} vs ${pct(m.stableErrorRate)} (max +${pct(gates.maxErrorRateIncrease)}), ` +
    `p99 ${m.shadowP99Ms.toFixed(1)} vs ${m.stableP99Ms.toFixed(1)} ms (ratio ${ratio.toFixed(2)}, ` +
    `max ${gates.maxP99LatencyRatio}), ${m.shadowRequests} requests`;
  const failed = increase > gates.maxErrorRateIncrease || ratio > gates.maxP99LatencyRatio;
  return { result: failed ? 'FAIL' : 'PASS', detail };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
