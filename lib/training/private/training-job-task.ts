import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * aws-cdk-lib's training task with sagemaker:ListTags scoped to training jobs: the task grants it on "*", though the
 * .sync integration reads only the tags of the job it started (ListTags takes the job's ARN).
 */
export class TrainingJobTask extends tasks.SageMakerCreateTrainingJob {
  constructor(scope: Construct, id: string, props: tasks.SageMakerCreateTrainingJobProps) {
    super(scope, id, props);
    const jobs = Stack.of(this).formatArn({ service: 'sagemaker', resource: 'training-job', resourceName: '*' });
    const scoped = (this.taskPolicies ?? []).map((s) => {
      const json = s.toStatementJson();
      const listTagsOnAll = json.Action === 'sagemaker:ListTags' && json.Resource === '*';
      return listTagsOnAll ? new iam.PolicyStatement({ actions: ['sagemaker:ListTags'], resources: [jobs] }) : s;
    });
    Object.defineProperty(this, 'taskPolicies', { value: scoped });
  }
}
