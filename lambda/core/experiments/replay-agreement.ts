/**
 * The shadow replay's answers compared with production's: each replayed request came from a production capture
 * record, so the candidate's answer pairs with that record's captured output (pairReplay) — exact pairs, no key to
 * guess. The counts and sums are kept in the rollout state between steps (bounded: a flip matrix of at most
 * MAX_FLIP_LABELS classes), merged step by step, and turned into the figures the shadow gates judge. Pure.
 */
import {
  AnswerFormatPlan, DEFAULT_ANSWER_FORMAT, MAX_ANSWER_CHARS, MAX_FLIP_LABELS, MAX_LABEL_LENGTH, OTHER_LABEL,
  RELATIVE_DIFFERENCE_FLOOR, ReplayAgreementState,
} from '../../../contracts/shadow-answers';
import { readPrediction } from './answers';

export type { ReplayAgreementState };

/** What the gates read from the counters; undefined figures have no data yet. */
export interface ReplayAgreement {
  readonly compared: number;
  readonly unreadable: number;
  readonly noProductionAnswer: number;
  readonly agreementRate?: number;
  readonly meanAbsoluteDifference?: number;
  readonly meanRelativeDifference?: number;
  /** The flip matrix (production class -> candidate class -> count), for the rollback message and the record. */
  readonly flips: Record<string, Record<string, number>>;
}

export function emptyAgreement(): ReplayAgreementState {
  return { compared: 0, unreadable: 0, noProductionAnswer: 0, agreed: 0, flips: {}, numeric: 0, absoluteDifferenceSum: 0, relativeDifferenceSum: 0 };
}

/** A prediction read with the plan's format: a class (label, score) and a number (score, number). */
export function readAnswer(output: string, f: AnswerFormatPlan = DEFAULT_ANSWER_FORMAT): { label?: string; value?: number } | undefined {
  const p = readPrediction(output.slice(0, MAX_ANSWER_CHARS), f.kind === 'score' ? f.threshold : undefined, f.field);
  if (!p) return undefined;
  if (f.kind === 'label') return p.label !== undefined ? { label: p.label } : undefined;
  if (f.kind === 'number') return p.value !== undefined ? { value: p.value } : undefined;
  return p.value !== undefined && p.label !== undefined ? p : undefined;
}

/**
 * Counters of one batch: `production[i]` is the captured output of the i-th replayed request (undefined when the
 * capture has no output), `candidate[i]` the candidate's answer (undefined when the request failed: failures are
 * the replay's error counters, not compared here).
 */
export function compareReplayAnswers(production: readonly (string | undefined)[], candidate: readonly (string | undefined)[],
  f: AnswerFormatPlan = DEFAULT_ANSWER_FORMAT): ReplayAgreementState {
  let s = emptyAgreement();
  const n = Math.max(production.length, candidate.length);
  for (let i = 0; i < n; i++) {
    const answer = candidate[i];
    if (answer === undefined) continue;
    const captured = production[i];
    if (captured === undefined) {
      s = { ...s, noProductionAnswer: s.noProductionAnswer + 1 };
      continue;
    }
    const a = readAnswer(captured, f);
    const b = readAnswer(answer, f);
    if (!a || !b) {
      s = { ...s, unreadable: s.unreadable + 1 };
      continue;
    }
    s = addPair(s, a, b);
  }
  return s;
}

function addPair(s: ReplayAgreementState, a: { label?: string; value?: number }, b: { label?: string; value?: number }): ReplayAgreementState {
  let next: ReplayAgreementState = { ...s, compared: s.compared + 1 };
  if (a.label !== undefined && b.label !== undefined) {
    next = { ...next, agreed: next.agreed + (a.label === b.label ? 1 : 0), flips: addFlips(next.flips, { [a.label]: { [b.label]: 1 } }) };
  }
  if (a.value !== undefined && b.value !== undefined) {
    const d = Math.abs(b.value - a.value);
    next = {
      ...next, numeric: next.numeric + 1, absoluteDifferenceSum: next.absoluteDifferenceSum + d,
      relativeDifferenceSum: next.relativeDifferenceSum + d / Math.max(Math.abs(a.value), RELATIVE_DIFFERENCE_FLOOR),
    };
  }
  return next;
}

/** The sum of two counter sets (a shadow run's total and one step's batch). */
export function mergeAgreement(a: ReplayAgreementState | undefined, b: ReplayAgreementState | undefined): ReplayAgreementState | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    compared: a.compared + b.compared,
    unreadable: a.unreadable + b.unreadable,
    noProductionAnswer: a.noProductionAnswer + b.noProductionAnswer,
    agreed: a.agreed + b.agreed,
    flips: addFlips(a.flips, b.flips),
    numeric: a.numeric + b.numeric,
    absoluteDifferenceSum: a.absoluteDifferenceSum + b.absoluteDifferenceSum,
    relativeDifferenceSum: a.relativeDifferenceSum + b.relativeDifferenceSum,
  };
}

/** Adds flip counts; labels are cut to MAX_LABEL_LENGTH and, beyond MAX_FLIP_LABELS distinct ones, counted as OTHER_LABEL. */
function addFlips(into: Record<string, Record<string, number>>, more: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const known = new Set<string>();
  for (const [p, row] of Object.entries(into)) {
    known.add(p);
    for (const c of Object.keys(row)) known.add(c);
    out[p] = { ...row };
  }
  const bucket = (label: string): string => {
    const cut = label.slice(0, MAX_LABEL_LENGTH);
    if (known.has(cut)) return cut;
    if (known.size >= MAX_FLIP_LABELS) return OTHER_LABEL;
    known.add(cut);
    return cut;
  };
  for (const [p, row] of Object.entries(more)) {
    for (const [c, n] of Object.entries(row)) {
      const pb = bucket(p);
      const cb = bucket(c);
      out[pb] = { ...(out[pb] ?? {}), [cb]: (out[pb]?.[cb] ?? 0) + n };
    }
  }
  return out;
}

/** The figures of the counters: agreement over the class pairs, mean differences over the numeric pairs. */
export function agreementFigures(s: ReplayAgreementState): ReplayAgreement {
  const classPairs = Object.values(s.flips).reduce((t, row) => t + Object.values(row).reduce((u, n) => u + n, 0), 0);
  return {
    compared: s.compared,
    unreadable: s.unreadable,
    noProductionAnswer: s.noProductionAnswer,
    flips: s.flips,
    ...(classPairs > 0 ? { agreementRate: s.agreed / classPairs } : {}),
    ...(s.numeric > 0 ? { meanAbsoluteDifference: s.absoluteDifferenceSum / s.numeric, meanRelativeDifference: s.relativeDifferenceSum / s.numeric } : {}),
  };
}

/** The off-diagonal cells of a flip matrix, largest first, as "a→b n" (at most `max`), for a rollback message. */
export function describeFlips(flips: Record<string, Record<string, number>>, max = 5): string {
  const cells: Array<[string, number]> = [];
  for (const [p, row] of Object.entries(flips)) {
    for (const [c, n] of Object.entries(row)) if (p !== c && n > 0) cells.push([`${p}→${c}`, n]);
  }
  cells.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  return cells.slice(0, max).map(([k, n]) => `${k} ${n}`).join(', ');
}
