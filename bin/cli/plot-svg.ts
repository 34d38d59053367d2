/**
 * `simulate --plot <file.svg>` (pure): one simulated run through the report's timeline renderer — the candidate's
 * ordered and live share, the 5XX rate users saw from each variant (trailing 60 s, what a one-minute alarm sees)
 * against the alarm threshold, the signal that decided the end and the end, on an axis fitted to the rollout.
 */
import { simulationTimeline, type SimulatedRun } from './report/sim-timeline';
import { timelineSvg } from './report/timeline-svg';

export type PlotInput = SimulatedRun;

export function plotSvg(input: PlotInput): string {
  return timelineSvg(simulationTimeline(input));
}
