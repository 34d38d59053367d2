/**
 * Judging a shadow run: the shadow must have seen enough requests, must not fail more often than the stable
 * model by more than the allowed margin, must not be much slower at p99, and — with answer gates — must answer
 * like production on the same requests (agreement, mean differences) over at least `minRequests` compared answers.
 * Missing metrics are "not yet", never "pass"; a failure names every gate it failed, with its figure and limit.
 */
import { describeFlips, ReplayAgreement } from '../experiments/replay-agreement';
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
  const health = `5XX ${pct(m.shadowErrorRate)} vs ${pct(m.stableErrorRate)} (max +${pct(gates.maxErrorRateIncrease)}), ` +
    `p99 ${m.shadowP99Ms.toFixed(1)} vs ${m.stableP99Ms.toFixed(1)} ms (ratio ${ratio.toFixed(2)}, ` +
    `max ${gates.maxP99LatencyRatio}), ${m.shadowRequests} requests`;
  const failures: string[] = [];
  if (increase > gates.maxErrorRateIncrease) failures.push(`5XX ${pct(m.shadowErrorRate)} vs ${pct(m.stableErrorRate)} (max +${pct(gates.maxErrorRateIncrease)})`);
  if (ratio > gates.maxP99LatencyRatio) failures.push(`p99 ratio ${ratio.toFixed(2)} (max ${gates.maxP99LatencyRatio})`);
  const answers = judgeAnswers(m.answers, gates);
  if (failures.length > 0 || answers.failures.length > 0) {
    return { result: 'FAIL', detail: [...failures, ...answers.failures].join('; ') + ` — ${health}${answers.summary}` };
  }
  if (answers.waiting) return { result: 'INSUFFICIENT', detail: `${answers.waiting} (${health})` };
  return { result: 'PASS', detail: `${health}${answers.summary}` };
}

interface AnswerJudgement {
  readonly failures: string[];
  /** Why the answer gates cannot be judged yet; empty when they can (or there are none). */
  readonly waiting: string;
  /** ", answers: ..." for the detail; empty without answer gates. */
  readonly summary: string;
}

/** The answer gates, judged once `minRequests` answers were compared. */
function judgeAnswers(a: ReplayAgreement | undefined, g: ShadowGates): AnswerJudgement {
  const gated = g.minAgreement !== undefined || g.maxMeanAbsoluteDifference !== undefined || g.maxMeanRelativeDifference !== undefined;
  if (!gated) return { failures: [], waiting: '', summary: '' };
  const compared = a?.compared ?? 0;
  if (compared < g.minRequests) {
    const why = !a ? '' : a.noProductionAnswer > 0 && a.compared === 0
      ? `; ${a.noProductionAnswer} captured records hold no output (Data Capture must capture outputs)`
      : a.unreadable > 0 ? `; ${a.unreadable} answers could not be read (check the shadowFirst answer format)` : '';
    return { failures: [], waiting: `${compared} of ${g.minRequests} answers compared${why}`, summary: '' };
  }
  const failures: string[] = [];
  const figures: string[] = [];
  const flips = describeFlips(a!.flips);
  if (g.minAgreement !== undefined) {
    const rate = a!.agreementRate ?? 0;
    figures.push(`agreement ${pct(rate)} (min ${pct(g.minAgreement)})`);
    if (rate < g.minAgreement) failures.push(`agreement ${pct(rate)} below ${pct(g.minAgreement)} over ${compared} answers${flips ? ` (flips ${flips})` : ''}`);
  }
  const check = (name: string, value: number | undefined, limit: number | undefined) => {
    if (limit === undefined) return;
    const v = value ?? Number.POSITIVE_INFINITY;
    figures.push(`${name} ${fmt(v)} (max ${limit})`);
    if (v > limit) failures.push(`${name} ${fmt(v)} above ${limit} over ${a!.compared} answers`);
  };
  check('mean absolute difference', a!.meanAbsoluteDifference, g.maxMeanAbsoluteDifference);
  check('mean relative difference', a!.meanRelativeDifference, g.maxMeanRelativeDifference);
  return { failures, waiting: '', summary: `; answers: ${figures.join(', ')}, ${compared} compared${a!.unreadable ? `, ${a!.unreadable} unreadable` : ''}` };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : 'none';
}
