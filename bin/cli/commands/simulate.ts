/** `cdk-mlops simulate [options]`: the options and their checks; the run itself is in ../simulate.ts. */
import { Command, Option } from 'commander';
import { exitCodesHelp } from '../help';
import { fraction, numberIn, wholeNumber } from '../parsers';
import type { CliContext } from '../program';
import { runSimulate, SimulateOptions } from '../simulate';
import { STRATEGY_FORMS } from '../strategy-spec';

export function registerSimulate(program: Command, ctx: CliContext): void {
  program.command('simulate')
    .description('simulate a rollout strategy over many seeded runs (no AWS): bad requests served, time to rollback ' +
      'and to 100%, why runs did not promote')
    .option('--strategy <strategy>', `the strategy: ${STRATEGY_FORMS}`, 'canary:10:300')
    .option('--rps <n>', 'mean requests per second', numberIn(0), 10)
    .option('--stable-error-rate <fraction>', 'stable variant 5XX rate', fraction, 0.001)
    .option('--candidate-error-rate <fraction>', 'candidate 5XX rate', fraction, 0.001)
    .option('--degrade-at <seconds>', 'the candidate\'s error rate changes to --degrade-error-rate at this second', numberIn(0))
    .option('--degrade-error-rate <fraction>', 'candidate 5XX rate after --degrade-at', fraction, 0.2)
    .option('--alarm-threshold <fraction>', 'the candidate alarm\'s 5XX-rate threshold', fraction, 0.05)
    .option('--evaluation-periods <n>', 'alarm evaluation periods (minutes)', wholeNumber(1), 1)
    .option('--datapoints-to-alarm <n>', 'breaching minutes needed to alarm', wholeNumber(1), 1)
    .option('--min-invocations <n>', 'candidate invocations needed to judge a step (default: 30)', wholeNumber(0))
    .option('--max-hold <seconds>', 'how long a baked step may wait for traffic (default: 900)', numberIn(0))
    .addOption(new Option('--on-max-hold <action>', 'what a step that never saw enough traffic does (default: FAIL)')
      .choices(['FAIL', 'ADVANCE']))
    .option('--check-interval <seconds>', 'controller poll period (default: 10)', numberIn(1))
    .option('--shadow-max-error-increase <fraction>', 'shadow gate: largest error-rate increase (default: 0.01)', fraction)
    .option('--shadow-max-p99-ratio <ratio>', 'shadow gate: largest p99 latency ratio (default: 1.2)', numberIn(1))
    .option('--shadow-min-requests <n>', 'shadow gate: requests needed to judge (default: 100)', wholeNumber(1))
    .option('--no-metric-guard', 'the controller waits for CloudWatch to evaluate the alarm instead of applying its rule')
    .option('--no-alarm-event', 'an alarm does not invoke the controller at once (poll only)')
    .option('--seeds <n>', 'number of runs', wholeNumber(1), 20)
    .option('--seed <n>', 'first seed', wholeNumber(0), 1)
    .option('--horizon <seconds>', 'stop a run after this long', numberIn(1), 7200)
    .option('--copies <n>', 'also run the same candidate as a rollout of an inference component with this many copies, and print both',
      wholeNumber(1))
    .addOption(new Option('--copy-mode <mode>', 'canary: candidate copies beside the stable ones, the strategy\'s steps in whole ' +
      'copies; rolling-update: SageMaker\'s rolling update (batches replace old copies, rollback restarts them); ' +
      'component-rollout: ComponentRollout (a temporary candidate judged on replayed requests, then the rolling update)')
      .choices(['canary', 'rolling-update', 'component-rollout'])
      .default('canary'))
    .option('--copy-provision <seconds>', 'time for a batch of copies to start serving', numberIn(0), 180)
    .option('--copy-batch <n>', 'copies started at once (rolling-update: MaximumBatchSize, default 1)', wholeNumber(1))
    .option('--stack-rollback-at <second>', 'the stack update rolls back at this second of the rollout (as after a later ' +
      'resource failed): the deploy trigger gets the revert with UPDATE_ROLLBACK_IN_PROGRESS', wholeNumber(0))
    .option('--cancel-at <second>', 'cancel-update-stack at this second: the same rollback status and revert', wholeNumber(0))
    .option('--redeliver-at <second>', 'CloudFormation delivers the deploy\'s event again at this second (must change nothing)',
      wholeNumber(0))
    .option('--plot <file.svg>', 'draw the first run (--seed): ordered and live weights, error rates, the end')
    .option('--json', 'machine-readable summary (errors too)')
    .addHelpText('after', `${exitCodesHelp(['OK', 'USAGE'], 'the summary was printed (whatever the runs\' outcomes)')}
Examples:
  cdk-mlops simulate --strategy canary:10:300 --candidate-error-rate 0.3
  cdk-mlops simulate --strategy shadow:600:linear:10:60 --rps 5 --plot rollout.svg
  cdk-mlops simulate --strategy canary-10%-300s --rps 0.2        # low traffic: explains the FAILED runs
  cdk-mlops simulate --strategy canary:10:300 --candidate-error-rate 0.2 --copies 10    # percent vs copy-count canary
  cdk-mlops simulate --strategy linear:10:60 --stack-rollback-at 420 --plot rollback.svg  # a stack rollback mid-shift`)
    .action((opts: SimulateOptions) => {
      ctx.exitCode = runSimulate(opts, ctx.io);
    });
}
