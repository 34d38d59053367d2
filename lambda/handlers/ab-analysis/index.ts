/**
 * A/B analysis, run on the user's schedule: reads which variant answered each captured inference, joins the
 * outcome events of the lake by inferenceId, decides each treatment against the control (SRM check first, then the
 * sequential or fixed-horizon tests with CUPED and a multiplicity correction: lambda/core/experiments/ab-decision),
 * keeps the always-valid p-values' running minimum in S3, publishes the decision as an EventBridge event and as
 * metrics. A malformed outcome line is counted (metric and log) and skipped, never fatal.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  AB_DECISION_EVENT, AB_ENV, AB_METRICS, DECISION_VALUES, EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE, experimentStateKey,
} from '../../../contracts/experiments';
import { AbDecision, CorrectionMethod, decideAb, OutcomeAccumulator, TestKind } from '../../core/experiments';
import { clients } from '../../shared/clients';
import { indexCaptures, readAbSettings, readOutcomes } from '../../shared/experiment-io';
import { createLogger } from '../../shared/log';
import { Datapoint, getJson, putJson, putMetrics } from '../../shared/monitoring-io';

interface AbState {
  /** Running minimum of each metric's always-valid p-value, per treatment variant. */
  readonly pValues: Record<string, Record<string, number>>;
  readonly lastRun?: string;
}

export interface AbRunSummary {
  readonly units: Record<string, number>;
  readonly captureFiles: number;
  readonly outcomeFiles: number;
  readonly malformedOutcomeLines: number;
  readonly malformedCaptureLines: number;
  readonly unjoinedOutcomes: number;
  /** Decision per treatment variant. */
  readonly decisions: Record<string, AbDecision>;
}

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`environment variable ${name} is not a number: '${v}'`);
  return n;
};

export async function handler(): Promise<AbRunSummary> {
  const s = readAbSettings();
  const log = createLogger({ endpointName: s.endpointName, experiment: s.experimentName });
  const { s3, cloudwatch, events } = clients();
  const index = await indexCaptures(s3, s);
  const acc = new OutcomeAccumulator(s.metrics, s.variants.length);
  const outcomes = await readOutcomes(s3, s, index, acc);
  if (outcomes.malformed > 0) log.warn('malformed outcome lines were skipped', { malformedOutcomeLines: outcomes.malformed });
  const stateKey = experimentStateKey(s.experimentName);
  const state = (await getJson<AbState>(s3, s.stateBucket, stateKey)) ?? { pValues: {} };
  const test = (process.env[AB_ENV.test] ?? 'sequential') as TestKind;
  const decisions: Record<string, AbDecision> = {};
  const pValues: Record<string, Record<string, number>> = { ...state.pValues };
  const dims = { [EXPERIMENT_DIMENSIONS.endpoint]: s.endpointName, [EXPERIMENT_DIMENSIONS.experiment]: s.experimentName };
  const datapoints: Datapoint[] = [
    { name: AB_METRICS.malformedOutcomes, value: outcomes.malformed, dimensions: dims, unit: 'Count' },
    { name: AB_METRICS.unjoinedOutcomes, value: acc.unjoined, dimensions: dims, unit: 'Count' },
  ];
  const now = new Date();
  const entries = [];
  for (let t = 1; t < s.variants.length; t++) {
    const treatment = s.variants[t].name;
    const d = decideAb({
      unitCounts: [index.units[0], index.units[t]],
      weights: [s.variants[0].weight, s.variants[t].weight],
      metrics: acc.metricInputs(t),
      alpha: num(AB_ENV.alpha, 0.05),
      test,
      correction: (process.env[AB_ENV.correction] ?? 'holm') as CorrectionMethod,
      nStar: num(AB_ENV.nStar, 5000),
      minUnitsPerArm: num(AB_ENV.minUnits, 100),
      previousPValues: state.pValues[treatment],
    });
    decisions[treatment] = d;
    if (test === 'sequential' && d.metrics.length > 0) pValues[treatment] = Object.fromEntries(d.metrics.map((m) => [m.name, m.pValue]));
    const tdims = { ...dims, [EXPERIMENT_DIMENSIONS.variant]: treatment };
    datapoints.push({ name: AB_METRICS.decision, value: DECISION_VALUES[d.verdict], dimensions: tdims });
    datapoints.push({ name: AB_METRICS.srmPValue, value: d.srmPValue, dimensions: tdims });
    for (const m of d.metrics) {
      const mdims = { ...tdims, [EXPERIMENT_DIMENSIONS.metric]: m.name };
      datapoints.push({ name: AB_METRICS.pValue, value: m.adjustedPValue, dimensions: mdims });
      datapoints.push({ name: AB_METRICS.estimate, value: m.estimate, dimensions: mdims });
    }
    entries.push({
      Source: AB_DECISION_EVENT.source,
      DetailType: AB_DECISION_EVENT.detailType,
      Time: now,
      Resources: [],
      Detail: JSON.stringify({
        endpointName: s.endpointName, experiment: s.experimentName, control: s.variants[0].name, treatment,
        verdict: d.verdict, reason: d.reason, srmPValue: d.srmPValue, test, metrics: d.metrics,
        units: { [s.variants[0].name]: index.units[0], [treatment]: index.units[t] },
      }),
      ...(process.env[AB_ENV.eventBusName] ? { EventBusName: process.env[AB_ENV.eventBusName] } : {}),
    });
    log.info('A/B decision', { treatment, verdict: d.verdict, reason: d.reason });
  }
  s.variants.forEach((v, i) => datapoints.push({ name: AB_METRICS.units, value: index.units[i], dimensions: { ...dims, [EXPERIMENT_DIMENSIONS.variant]: v.name }, unit: 'Count' }));
  const put = await events.send(new PutEventsCommand({ Entries: entries }));
  if ((put.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge rejected ${put.FailedEntryCount} decision event(s): ${JSON.stringify(put.Entries?.filter((e) => e.ErrorCode))}`);
  await putMetrics(cloudwatch, EXPERIMENT_NAMESPACE, datapoints, now);
  await putJson(s3, s.stateBucket, stateKey, { pValues, lastRun: now.toISOString() } satisfies AbState);
  return {
    units: Object.fromEntries(s.variants.map((v, i) => [v.name, index.units[i]])),
    captureFiles: index.files, outcomeFiles: outcomes.files, malformedOutcomeLines: outcomes.malformed,
    malformedCaptureLines: index.malformed, unjoinedOutcomes: acc.unjoined, decisions,
  };
}
