/** Entry of the operator CLI: parses the command line and maps every outcome to a stable exit code. */
import { parseArgs } from './args';
import { CliIo, EXIT, UsageError } from './io';
import { SIMULATE_BOOLEAN_FLAGS, SIMULATE_VALUE_FLAGS } from './simulate';
import type { CliAws } from './aws';

export const USAGE = `usage:
  cdk-mlops rollout status|pause|resume|promote|abort <endpoint> [--table <name>] [--region <region>] [--json]
  cdk-mlops simulate [--strategy canary:10:300|linear:10:60|all-at-once|blue-green:600:300|steps:1,5,25,100:300]
                     [--rps 10] [--stable-error-rate 0.001] [--candidate-error-rate 0.001]
                     [--degrade-at <s> --degrade-error-rate 0.2] [--alarm-threshold 0.05]
                     [--evaluation-periods 1] [--datapoints-to-alarm 1] [--min-invocations 30] [--max-hold 900]
                     [--on-max-hold FAIL|ADVANCE] [--check-interval 10] [--seeds 20] [--seed 1] [--horizon 7200]
                     [--no-metric-guard] [--no-alarm-event] [--json]

The rollout table defaults to $CDK_MLOPS_ROLLOUT_TABLE. abort also puts all traffic on the stable variant at once.
exit codes: 0 ok, 1 rollout failed/rolled back (status), 2 usage error, 3 no (active) rollout, 4 AWS error
`;

export async function main(argv: readonly string[], io: CliIo, aws?: CliAws): Promise<number> {
  try {
    const [group, ...rest] = argv;
    if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
      (group === undefined ? io.err : io.out)(USAGE);
      return group === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (group === 'simulate') {
      const { runSimulate } = await import('./simulate');
      return runSimulate(parseArgs(rest, SIMULATE_VALUE_FLAGS, SIMULATE_BOOLEAN_FLAGS), io);
    }
    if (group === 'rollout') {
      const { ROLLOUT_ACTIONS, runRollout } = await import('./rollout');
      const args = parseArgs(rest, ['table', 'region'], ['json']);
      const [action, endpoint, extra] = args.positionals;
      if (!ROLLOUT_ACTIONS.includes(action as typeof ROLLOUT_ACTIONS[number])) {
        throw new UsageError(`unknown rollout action ${JSON.stringify(action ?? '')}; use ${ROLLOUT_ACTIONS.join(', ')}`);
      }
      if (!endpoint || extra !== undefined) throw new UsageError(`rollout ${action} takes exactly one endpoint name`);
      return await runRollout(action as typeof ROLLOUT_ACTIONS[number], endpoint, args, io, aws);
    }
    throw new UsageError(`unknown command ${JSON.stringify(group)}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    const err = e as { name?: string; message?: string; code?: string };
    if (err.code === 'MODULE_NOT_FOUND' && /@aws-sdk\//.test(err.message ?? '')) {
      // The AWS SDK is not a runtime dependency of the library; `simulate` works without it.
      io.err('the rollout commands need the AWS SDK v3: npm install @aws-sdk/client-dynamodb @aws-sdk/lib-dynamodb ' +
        '@aws-sdk/client-sagemaker @aws-sdk/client-cloudwatch\n');
      return EXIT.AWS_ERROR;
    }
    io.err(`AWS error: ${err.name ?? 'Error'}: ${err.message ?? String(e)}\n`);
    return EXIT.AWS_ERROR;
  }
}
