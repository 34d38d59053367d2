/**
 * Entry of the operator CLI: commander parses the command line; every outcome maps to a stable exit code, and under
 * `--json` every error is one JSON object on stdout.
 */
import { Command, CommanderError } from 'commander';
import type { CliAws } from './aws';
import { CliError, CliIo, EXIT, reportError, UsageError } from './io';
import { buildProgram, CliContext } from './program';

export async function main(argv: readonly string[], io: CliIo, aws?: CliAws): Promise<number> {
  const json = argv.includes('--json');
  const ctx: CliContext = { io, aws, exitCode: EXIT.OK };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    return reportFailure(e, io, json, commandPath(program, argv), ctx.target);
  }
}

function reportFailure(e: unknown, io: CliIo, json: boolean, path: string, target: CliContext['target']): number {
  if (e instanceof CommanderError) {
    // --help and --version end parsing with exit code 0; help shown because a command was incomplete is a usage error.
    if (e.exitCode === 0) return EXIT.OK;
    if (e.code === 'commander.help') return EXIT.USAGE;
    const message = e.message.replace(/^error: /, '');
    return reportError(io, json, 'USAGE', message, EXIT.USAGE, `run: cdk-mlops ${path}--help`);
  }
  if (e instanceof UsageError) {
    return reportError(io, json, 'USAGE', e.message, EXIT.USAGE, e.fix ?? `run: cdk-mlops ${path}--help`);
  }
  if (e instanceof CliError) return reportError(io, json, e.error, e.message, e.exitCode, e.fix);
  const err = e as { name?: string; message?: string; code?: string };
  const message = err.message ?? String(e);
  if (err.code === 'MODULE_NOT_FOUND' && /@aws-sdk\//.test(message)) {
    // The AWS SDK is not a runtime dependency of the library; the bundled CLI carries it, `simulate` never needs it.
    return reportError(io, json, 'AWS_SDK_MISSING', 'the rollout commands need the AWS SDK v3', EXIT.AWS_ERROR,
      'npm install @aws-sdk/client-dynamodb @aws-sdk/lib-dynamodb @aws-sdk/client-sagemaker @aws-sdk/client-cloudwatch');
  }
  if (/region is missing/i.test(message)) {
    return reportError(io, json, 'MISSING_REGION', 'no AWS region is configured', EXIT.USAGE,
      'pass --region <region>, set AWS_REGION, or set a region in your AWS profile');
  }
  if (err.name === 'ResourceNotFoundException' && target) {
    // DynamoDB's message ("Requested resource not found") names neither the table nor the region.
    const where = `region ${target.region ?? 'of your AWS profile'}`;
    return reportError(io, json, 'TABLE_NOT_FOUND', `no table ${target.table} (or the history table its record names) in ${where}`,
      EXIT.AWS_ERROR, 'pass --table with the stack\'s RolloutTable output and --region with the stack\'s region ' +
      '(aws cloudformation describe-stacks --stack-name <stack> --query "Stacks[0].Outputs")');
  }
  if (err.name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return reportError(io, json, 'MISSING_CREDENTIALS', `no AWS credentials: ${message}`, EXIT.AWS_ERROR,
      'run `aws configure` or `aws sso login`, or set AWS_PROFILE');
  }
  return reportError(io, json, 'AWS_ERROR', `AWS error: ${err.name ?? 'Error'}: ${message}`, EXIT.AWS_ERROR,
    'check the credentials, the region and the AWS service\'s message above; retry when it was throttled or unreachable');
}

/** "rollout get " for `rollout get x --bad`: the deepest known command, whose --help shows the fix. */
function commandPath(program: Command, argv: readonly string[]): string {
  let cmd = program;
  let path = '';
  for (const a of argv) {
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    cmd = sub;
    path += `${sub.name()} `;
  }
  return path;
}
