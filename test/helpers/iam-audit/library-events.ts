/**
 * The events of this library's own sources that rules may match, from contracts/ (their one definition): what
 * emits each, and the fields of its detail. Events a state machine of the template puts with an events:putEvents
 * task (the data-quality gate's) are read from the definition instead.
 */
import { AB_DECISION_EVENT } from '../../../contracts/experiments';
import { EVENT_ROLLBACK_FAILED, EVENT_ROLLOUT_STATUS, EVENT_SOURCE, RolloutStatusEventDetail } from '../../../contracts/rollout-resources';
import { RETRAINING_EVENT_SOURCE, RETRAINING_REQUEST_DETAIL_TYPE } from '../../../contracts/training';

export interface LibraryEvent {
  readonly source: string;
  readonly detailType: string;
  readonly fields: readonly string[];
  readonly emittedBy: string;
}

const rolloutFields: ReadonlyArray<keyof RolloutStatusEventDetail> = ['endpointName', 'rolloutId', 'phase', 'cause', 'reason', 'stableVariant', 'candidateVariant'];

export const LIBRARY_EVENTS: readonly LibraryEvent[] = [
  { source: EVENT_SOURCE, detailType: EVENT_ROLLOUT_STATUS, fields: rolloutFields, emittedBy: 'the rollout handlers (lambda/shared/notify.ts)' },
  { source: EVENT_SOURCE, detailType: EVENT_ROLLBACK_FAILED, fields: rolloutFields, emittedBy: 'the rollback handlers (lambda/shared/rollback-failed.ts)' },
  {
    source: AB_DECISION_EVENT.source, detailType: AB_DECISION_EVENT.detailType, emittedBy: 'the A/B analysis (lambda/handlers/ab-analysis)',
    fields: ['endpointName', 'experiment', 'control', 'treatment', 'verdict', 'reason', 'srmPValue', 'test', 'metrics', 'units'],
  },
  {
    source: RETRAINING_EVENT_SOURCE, detailType: RETRAINING_REQUEST_DETAIL_TYPE, fields: ['pipeline', 'force'],
    emittedBy: 'a person or a system (aws events put-events, README "Continuous training")',
  },
];
