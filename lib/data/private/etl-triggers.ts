import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IDataLake } from '../data-lake-base';
import { LakeZone } from '../lake-zone';

/** What starts an EtlJob's runs. */
export interface RunTriggers {
  readonly dataset: string;
  readonly lake: IDataLake;
  readonly schedule?: events.Schedule;
  readonly runOnArrival: boolean;
  readonly batchSize: number;
  readonly batchWindow: Duration;
}

/**
 * A Glue workflow whose event trigger batches arrival and schedule events into runs of `job`, and the EventBridge
 * rules (new raw objects of the dataset, the schedule) that notify it. Children of `scope` (ids unchanged from when
 * this lived in EtlJob).
 */
export function addRunTriggers(scope: Construct, job: glue.IJobRef, t: RunTriggers): glue.Workflow {
  const workflow = new glue.Workflow(scope, 'Workflow', {
    description: `Batches new '${t.dataset}' data and schedule ticks into runs of ${scope.node.path}`,
    maxConcurrentRuns: 1,
  });
  workflow.addEventTrigger('RunOnEvents', {
    actions: [glue.Action.job(job)],
    eventBatchingCondition: { batchSize: t.batchSize, batchWindow: t.batchWindow },
  });
  const target = new GlueWorkflowTarget(scope, workflow);
  if (t.runOnArrival) {
    new events.Rule(scope, 'OnArrival', {
      description: `New raw '${t.dataset}' objects start ${scope.node.path}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [t.lake.bucket(LakeZone.RAW).bucketName] },
          object: { key: [{ prefix: `${LakeZone.RAW.prefix}${t.dataset}/` }] },
        },
      },
      targets: [target],
    });
  }
  if (t.schedule) {
    new events.Rule(scope, 'OnSchedule', {
      description: `Scheduled run of ${scope.node.path}`,
      schedule: t.schedule,
      targets: [target],
    });
  }
  return workflow;
}

/** EventBridge target that notifies a Glue workflow's event trigger (no aws-events-targets class exists for it). */
class GlueWorkflowTarget implements events.IRuleTarget {
  private readonly role: iam.Role;

  constructor(scope: Construct, private readonly workflow: glue.Workflow) {
    this.role = new iam.Role(scope, 'EventsRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'Lets EventBridge notify the Glue workflow of new data and schedule ticks',
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:NotifyEvent'], resources: [workflow.workflowArn] }));
  }

  public bind(): events.RuleTargetConfig {
    return { arn: this.workflow.workflowArn, role: this.role };
  }
}
