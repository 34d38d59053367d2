/** The DescribeStacks reader's XML parsing, on the shape of CloudFormation's Query API answer (its API model). */
import { parseDescribeStacks } from '../../bin/cli/cloudformation';

test('status and outputs of one stack, with XML entities decoded and parameters/tags not mistaken for outputs', () => {
  const xml = `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
    <StackName>Staging-CdkMlops</StackName><Parameters><member><ParameterKey>BootstrapVersion</ParameterKey><ParameterValue>6</ParameterValue></member></Parameters>
    <StackStatus>UPDATE_COMPLETE</StackStatus>
    <Outputs>
      <member><Description>What each champion slot holds &amp; more</Description><OutputKey>ChampionSlots</OutputKey><OutputValue>blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/1</OutputValue></member>
      <member><OutputKey>EndpointName</OutputKey><OutputValue>a&lt;b</OutputValue></member>
    </Outputs>
    <Tags><member><Key>OutputKey</Key><Value>x</Value></member></Tags>
  </member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;
  expect(parseDescribeStacks(xml)).toEqual({
    status: 'UPDATE_COMPLETE',
    outputs: { ChampionSlots: 'blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/1', EndpointName: 'a<b' },
  });
  expect(parseDescribeStacks('<DescribeStacksResponse><DescribeStacksResult><Stacks/></DescribeStacksResult></DescribeStacksResponse>')).toBeUndefined();
});
