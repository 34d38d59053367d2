/**
 * Reports a rollout's status change to people (SNS) and to machines (EventBridge, source 'cdk-mlops').
 * Each channel is retried (throttling, 5XX, entries PutEvents rejects as retryable) within a short budget; a channel
 * that still fails is logged (NOTIFICATION_FAILED), counted (metric NotificationFailed) and returned, so the caller
 * can put it in the rollout record. It never throws: the traffic decision has already been made and stands.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ROLLOUT_ENV, ROLLOUT_METRICS, EVENT_ROLLOUT_STATUS, EVENT_SOURCE, RolloutStatusEventDetail,
} from '../core/rollout';
import { optionalEnv } from './env';
import { errorMessage, isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';

export interface NotifyTargets {
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
}

export interface NotifyOptions {
  /** Publish to the SNS topic too (people); false sends only the EventBridge event. @default true */
  readonly sns?: boolean;
  /** detail-type of the EventBridge event. @default EVENT_ROLLOUT_STATUS */
  readonly detailType?: string;
  /** Retry budget per channel, in milliseconds. @default 8000 */
  readonly budgetMs?: number;
}

/** The channels that failed after their retries, each with its last error (empty when every channel worked). */
export interface NotifyOutcome {
  readonly failed: ReadonlyArray<{ readonly channel: 'SNS' | 'EventBridge'; readonly error: string }>;
}

/** PutEvents accepted the call but rejected the entry; retryable when EventBridge says so. */
class RejectedEntryError extends Error {
  constructor(readonly code: string, message: string) {
    super(`PutEvents rejected the event: ${code}: ${message}`);
    this.name = 'RejectedEntryError';
  }
}

const retryable = (e: unknown) => isThrottling(e) || isTransient(e) ||
  (e instanceof RejectedEntryError && /Throttl|InternalFailure|ServiceUnavailable/i.test(e.code));

export async function notifyStatus(c: NotifyTargets, detail: RolloutStatusEventDetail, log: Logger,
  options: NotifyOptions = {}): Promise<NotifyOutcome> {
  const failed: Array<NotifyOutcome['failed'][number]> = [];
  const budgetMs = options.budgetMs ?? 8000;
  const detailType = options.detailType ?? EVENT_ROLLOUT_STATUS;
  const topicArn = optionalEnv(ROLLOUT_ENV.TOPIC);
  if ((options.sns ?? true) && topicArn) {
    try {
      await withRetry(() => c.sns.send(new PublishCommand({
        TopicArn: topicArn,
        Subject: `cdk-mlops: rollout on ${detail.endpointName} ${detail.phase}`.slice(0, 100),
        Message: `${detail.reason}\n\n${JSON.stringify({ detailType, ...detail }, null, 2)}`,
      })), { what: 'SNS Publish', retryable, budgetMs, log });
    } catch (e) {
      failed.push({ channel: 'SNS', error: errorMessage(e) });
    }
  }
  try {
    await withRetry(async () => {
      const out = await c.events.send(new PutEventsCommand({
        Entries: [{
          Source: EVENT_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
          EventBusName: optionalEnv(ROLLOUT_ENV.EVENT_BUS),
        }],
      }));
      const entry = out.Entries?.[0];
      if (out.FailedEntryCount || entry?.ErrorCode) {
        throw new RejectedEntryError(entry?.ErrorCode ?? 'Unknown', entry?.ErrorMessage ?? 'no message');
      }
    }, { what: 'EventBridge PutEvents', retryable, budgetMs, log });
  } catch (e) {
    failed.push({ channel: 'EventBridge', error: errorMessage(e) });
  }
  for (const f of failed) {
    log.error('NOTIFICATION_FAILED: a rollout notification could not be sent after its retries', {
      channel: f.channel, error: f.error, detailType, phase: detail.phase, topicArn,
    });
    log.metric(ROLLOUT_METRICS.NOTIFICATION_FAILED, 1);
  }
  return { failed };
}

/** The history entry that keeps a failed notification in the rollout record (undefined when none failed). */
export function notificationFailureEntry(outcome: NotifyOutcome, at: number):
{ at: number; kind: string; reason: string } | undefined {
  if (outcome.failed.length === 0) return undefined;
  return { at, kind: 'NOTIFICATION_FAILED',
    reason: outcome.failed.map((f) => `${f.channel}: ${f.error}`).join('; ').slice(0, 1000) };
}
