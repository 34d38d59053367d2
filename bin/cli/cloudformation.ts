/**
 * CloudFormation DescribeStacks for the CLI: only what `champion-slots` needs (status and outputs). The SDK client is
 * bundled into dist/cli by esbuild like the CLI's other clients, so it is no runtime dependency of the package.
 */
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { cliClientConfig } from './client-config';

/** The stack's status and outputs; undefined from describeStack when it does not exist. */
export interface StackView {
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** An AWS error of DescribeStacks, with CloudFormation's code (e.g. AccessDenied, Throttling). */
export class CloudFormationError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * A client with the CLI's region and credentials; its endpoint is an emulator's when AWS_ENDPOINT_URL_CLOUDFORMATION
 * (or AWS_ENDPOINT_URL) is set in `env`, which is the CLI's environment rather than necessarily process.env.
 */
export function cloudFormationClient(region: string | undefined, env: Readonly<Record<string, string | undefined>>):
CloudFormationClient {
  return new CloudFormationClient(cliClientConfig(region, env, 'AWS_ENDPOINT_URL_CLOUDFORMATION'));
}

export async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<StackView | undefined> {
  try {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    if (!stack) return undefined;
    const outputs: Record<string, string> = {};
    for (const o of stack.Outputs ?? []) if (o.OutputKey !== undefined) outputs[o.OutputKey] = o.OutputValue ?? '';
    return { status: stack.StackStatus ?? 'UNKNOWN', outputs };
  } catch (e) {
    if (!(e instanceof CloudFormationServiceException)) throw e;
    const code = e.name || `HTTP ${e.$metadata.httpStatusCode}`;
    // CloudFormation answers a missing stack with ValidationError "Stack with id X does not exist".
    if (code === 'ValidationError' && /does not exist/.test(e.message)) return undefined;
    throw new CloudFormationError(code, `DescribeStacks ${stackName}: ${code}: ${e.message}`);
  }
}
