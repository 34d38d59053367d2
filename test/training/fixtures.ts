import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataPlatform } from '../../lib/data/data-platform';

export function platformStack(name = 'Training'): { stack: Stack; data: DataPlatform } {
  const app = new App();
  const stack = new Stack(app, name);
  const data = new DataPlatform(stack, 'Data', {
    dataset: 'iris',
    columns: { label: 'int', sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double' },
  });
  return { stack, data };
}

/** A state machine's definition with CloudFormation values replaced by placeholders (for asl-validator). */
export function definitionOf(template: Template, idPattern: RegExp): any {
  const machines = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).filter(([id]) => idPattern.test(id));
  if (machines.length !== 1) throw new Error(`expected one state machine matching ${idPattern}, found ${machines.length}`);
  return JSON.parse(flatten(machines[0][1].Properties.DefinitionString));
}

function flatten(v: any): string {
  if (typeof v === 'string') return v;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as any[]).map(flatten).join(v['Fn::Join'][0]);
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::Region') return 'us-east-1';
  if (v.Ref === 'AWS::AccountId') return '111111111111';
  if (v.Ref) return `ref-${v.Ref}`.toLowerCase();
  if (v['Fn::GetAtt']) return `arn:aws:lambda:us-east-1:111111111111:function:${v['Fn::GetAtt'][0]}`;
  if (v['Fn::FindInMap']) return '683313688378';
  throw new Error(`unexpected CloudFormation value in the definition: ${JSON.stringify(v)}`);
}
