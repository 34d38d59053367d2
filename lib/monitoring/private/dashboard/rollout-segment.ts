/**
 * The rollout segment: is a rollout running, in which phase, which slot is the candidate, and the share it was
 * ordered and gets live (the controller's rollout-state metrics); rollouts started, promoted and rolled back.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ROLLOUT_PHASE_CODES } from '../../../../contracts/rollout-state-metrics';
import type { IVariantRollout } from '../../../rollout/variant-rollout-base';
import type { GraphFactory } from '../../../private/dashboard/graph-factory';
import { RolloutStateMetrics } from './rollout-state-metrics';

const PHASE_LEGEND = Object.entries(ROLLOUT_PHASE_CODES).map(([phase, code]) => `${code} ${phase}`).join(' · ');

export function rolloutSegment(graph: GraphFactory, endpointName: string, rollout: IVariantRollout): cloudwatch.IWidget[] {
  const state = new RolloutStateMetrics(endpointName);
  const slots = rollout.variants;
  return [
    new cloudwatch.TextWidget({
      markdown: `## Rollouts between ${slots.join(' and ')}\nA line appears for the slot that is the **candidate** while a rollout runs. ` +
        `Phase codes: ${PHASE_LEGEND}.`,
      width: 24,
      height: 2,
    }),
    graph({
      title: 'Rollout running (1) per candidate slot (left), phase code (right)',
      left: slots.map((s) => state.active(s, { label: `${s} is candidate` })),
      right: slots.map((s) => state.phase(s, { label: `${s}: phase` })),
      leftYAxis: { min: 0, max: 1 },
      rightYAxis: { min: 0, max: Object.keys(ROLLOUT_PHASE_CODES).length },
      width: 8,
    }),
    graph({
      title: 'Candidate share of traffic, % (ordered by the controller, live on the endpoint)',
      left: slots.flatMap((s) => [
        state.orderedShare(s, { label: `${s} ordered` }),
        state.liveShare(s, { label: `${s} live` }),
      ]),
      leftYAxis: { min: 0, max: 100 },
      width: 8,
    }),
    graph({
      title: 'Rollouts: started, promoted, rolled back (every endpoint of the stack)',
      left: [
        rollout.metricRolloutsStarted({ label: 'started', period: Duration.hours(1) }),
        rollout.metricPromotions({ label: 'promoted', period: Duration.hours(1) }),
        rollout.metricRollbacks({ label: 'rolled back', period: Duration.hours(1) }),
      ],
      width: 8,
    }),
  ];
}
