/** The SSM client of the training handlers (approval parameter, GitHub token); tests inject one with setSsmClient. */
import { SSMClient } from '@aws-sdk/client-ssm';

let cached: SSMClient | undefined;

export function ssmClient(): SSMClient {
  return (cached ??= new SSMClient({}));
}

export function setSsmClient(c: SSMClient | undefined): void {
  cached = c;
}
