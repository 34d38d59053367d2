/**
 * The DescribeStacks reader on CloudFormation's own Query API answers (its API model): the SDK client is given a
 * request handler that returns the XML CloudFormation sends, so parsing, error codes and the missing-stack case go
 * through the same code as against AWS.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFormationError, describeStack } from '../../bin/cli/cloudformation';

/** A client whose every request is answered with `status` and `xml`; the requests' bodies are kept. */
function answering(status: number, xml: string) {
  const requests: string[] = [];
  const client = new CloudFormationClient({
    region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }) {
        requests.push(String(request.body));
        return { response: { statusCode: status, headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml) } };
      },
    } as never,
  });
  return { client, requests };
}

const errorXml = (code: string, message: string) => `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

test('status and outputs of one stack, with XML entities decoded and parameters/tags not mistaken for outputs', async () => {
  const xml = `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
    <StackName>Staging-CdkMlops</StackName><Parameters><member><ParameterKey>BootstrapVersion</ParameterKey><ParameterValue>6</ParameterValue></member></Parameters>
    <StackStatus>UPDATE_COMPLETE</StackStatus>
    <Outputs>
      <member><Description>What each champion slot holds &amp; more</Description><OutputKey>ChampionSlots</OutputKey><OutputValue>blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/1</OutputValue></member>
      <member><OutputKey>EndpointName</OutputKey><OutputValue>a&lt;b</OutputValue></member>
    </Outputs>
    <Tags><member><Key>OutputKey</Key><Value>x</Value></member></Tags>
  </member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;
  const { client, requests } = answering(200, xml);
  expect(await describeStack(client, 'Staging-CdkMlops')).toEqual({
    status: 'UPDATE_COMPLETE',
    outputs: { ChampionSlots: 'blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/1', EndpointName: 'a<b' },
  });
  expect(new URLSearchParams(requests[0]).get('Action')).toBe('DescribeStacks');
  expect(new URLSearchParams(requests[0]).get('StackName')).toBe('Staging-CdkMlops');
  const empty = answering(200, '<DescribeStacksResponse><DescribeStacksResult><Stacks/></DescribeStacksResult></DescribeStacksResponse>');
  expect(await describeStack(empty.client, 'X')).toBeUndefined();
});

test('a missing stack (ValidationError "does not exist") is undefined; other errors name the stack and the code', async () => {
  const missing = answering(400, errorXml('ValidationError', 'Stack with id NoSuchStack does not exist'));
  expect(await describeStack(missing.client, 'NoSuchStack')).toBeUndefined();

  const denied = answering(403, errorXml('AccessDenied', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: cloudformation:DescribeStacks'));
  const error = await describeStack(denied.client, 'Staging-CdkMlops').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CloudFormationError);
  expect(error).toMatchObject({ name: 'AccessDenied', code: 'AccessDenied',
    message: 'DescribeStacks Staging-CdkMlops: AccessDenied: User: arn:aws:iam::123456789012:user/x is not authorized to perform: cloudformation:DescribeStacks' });

  // Another ValidationError (a bad name) is an error, not a missing stack.
  const invalid = answering(400, errorXml('ValidationError', '1 validation error detected: Value \'a b\' at \'stackName\' failed to satisfy constraint'));
  await expect(describeStack(invalid.client, 'a b')).rejects.toThrow(/^DescribeStacks a b: ValidationError: 1 validation error detected/);
});
