/**
 * Reports a rollout's status change to people (SNS) and to machines (EventBridge, source 'cdk-mlops').
 * A failed notification is logged and never fails the caller: the traffic decision has already been made.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ROLLOUT_ENV, EVENT_ROLLOUT_STATUS, EVENT_SOURCE, RolloutStatusEventDetail } from '../core/rollout';
import { optionalEnv } from './env';
import type { Logger } from './log';

export interface NotifyTargets {
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
}

export async function notifyStatus(c: NotifyTargets, detail: RolloutStatusEventDetail, log: Logger,
  options: { readonly sns: boolean } = { sns: true }): Promise<void> {
  const topicArn = optionalEnv(ROLLOUT_ENV.TOPIC);
  if (options.sns && topicArn) {
    try {
      await c.sns.send(new PublishCommand({
        TopicArn: topicArn,
        Subject: `cdk-mlops: rollout on ${detail.endpointName} ${detail.phase}`.slice(0, 100),
        Message: `${detail.reason}\n\n${JSON.stringify(detail, null, 2)}`,
      }));
    } catch (e) {
      log.error('SNS notification failed', { error: e, topicArn });
    }
  }
  try {
    const out = await c.events.send(new PutEventsCommand({
      Entries: [{
        Source: EVENT_SOURCE,
        DetailType: EVENT_ROLLOUT_STATUS,
        Detail: JSON.stringify(detail),
        EventBusName: optionalEnv(ROLLOUT_ENV.EVENT_BUS),
      }],
    }));
    if (out.FailedEntryCount) log.error('PutEvents rejected the status event', { entries: out.Entries });
  } catch (e) {
    log.error('PutEvents failed', { error: e });
  }
}
