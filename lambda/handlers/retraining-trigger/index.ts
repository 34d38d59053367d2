/**
 * Retraining trigger: every schedule tick, drift or quality alarm change, manual request and end of a run comes
 * here; the policy in lambda/core/training decides; the ledger records the trigger and the decision; a run starts
 * only through a conditional write of the ledger's state (one run at a time, even with triggers racing).
 */
import { randomUUID } from 'crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  LedgerRecord, RETRAINING_TRIGGER_ENV as ENV, RetrainingExecutionInput, TriggerPolicyConfig,
} from '../../../contracts/training';
import { decide, wantedReasons } from '../../core/training';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { parseTrigger } from './events';
import { alarmHistory, appendRecord, clearRunning, readState, writeState } from './ledger';
import { countNewRows } from './new-rows';

export interface TriggerResult {
  readonly outcome: string;
  readonly reason: string;
  readonly executionArn?: string;
}

export async function handler(event: unknown): Promise<TriggerResult | undefined> {
  const table = requireEnv(ENV.LEDGER_TABLE);
  const pipeline = requireEnv(ENV.PIPELINE_NAME);
  const stateMachineArn = requireEnv(ENV.STATE_MACHINE_ARN);
  const policy = parsePolicy(requireEnv(ENV.POLICY));
  const log = createLogger({ pipeline });
  const trigger = parseTrigger(event, policy, Date.now());
  if (!trigger) return undefined;

  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await readState(table, pipeline);
    const lookback = Math.max(...[policy.drift, policy.quality].map((r) => (r ? r.m * r.windowMs : 0)));
    const history = await alarmHistory(table, pipeline, trigger.at - lookback);
    if (trigger.alarmArn) (history[trigger.alarmArn] ??= []).push({ at: trigger.at, state: trigger.alarmState! });
    let newRows: number | undefined;
    if (wantedReasons({ trigger, state, policy, history }).length > 0 && policy.minNewRows > 0 && state.lastTrainedAt !== undefined) {
      newRows = await countNewRows(requireEnv(ENV.ROWS_NAMESPACE), requireEnv(ENV.ROWS_METRIC),
        JSON.parse(requireEnv(ENV.ROWS_DIMENSIONS)), state.lastTrainedAt, trigger.at);
    }
    const d = decide({ trigger, state, policy, history, newRows });
    const at = `${new Date(trigger.at).toISOString()}#${randomUUID().slice(0, 8)}`;
    const base = {
      pipeline, at, kind: trigger.kind, outcome: d.outcome, reason: d.explanation, alarmArn: trigger.alarmArn,
      alarmState: trigger.alarmState, executionArn: trigger.executionArn, runStatus: trigger.runStatus, newRows,
    };

    if (d.outcome === 'started') {
      const runId = `run-${new Date(trigger.at).toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${runId}`;
      // Take the lock before starting: a racing trigger sees `running` and is suppressed.
      if (!await writeState(table, pipeline, state, { ...d.state, running: { executionArn, startedAt: trigger.at } })) continue;
      const input: RetrainingExecutionInput = { runId, reasons: d.reasons, snapshotAt: new Date(trigger.at).toISOString() };
      try {
        await clients().sfn.send(new StartExecutionCommand({ stateMachineArn, name: runId, input: JSON.stringify(input) }));
      } catch (e) {
        await clearRunning(table, pipeline, executionArn);
        await appendRecord(table, { ...base, outcome: 'no-trigger', reason: `${d.explanation}; StartExecution failed: ${(e as Error).message}` });
        throw e;
      }
      await appendRecord(table, { ...base, executionArn });
      log.info('retraining started', { executionArn, reasons: d.reasons });
      return { outcome: d.outcome, reason: d.explanation, executionArn };
    }
    if (d.state !== state && !await writeState(table, pipeline, state, d.state)) continue;
    // Ticks that ask for nothing are not worth a ledger record; every other trigger is kept.
    if (!(trigger.kind === 'tick' && d.outcome === 'no-trigger')) await appendRecord(table, base as LedgerRecord);
    log.info('retraining trigger', { kind: trigger.kind, outcome: d.outcome, reason: d.explanation });
    return { outcome: d.outcome, reason: d.explanation };
  }
  throw new Error('retraining-trigger: the ledger state kept changing under three attempts; the trigger will be retried');
}

export function parsePolicy(json: string): TriggerPolicyConfig {
  const p = JSON.parse(json) as TriggerPolicyConfig;
  for (const k of ['coolDownMs', 'minNewRows', 'maxRunMs'] as const) {
    if (typeof p[k] !== 'number' || p[k] < 0) throw new Error(`retraining-trigger: policy.${k} is ${JSON.stringify(p[k])}; expected a number >= 0`);
  }
  return p;
}
