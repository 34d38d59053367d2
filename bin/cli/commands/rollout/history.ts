/**
 * `cdk-mlops rollout history <endpoint>`: every rollout of the endpoint, newest first, from the history table
 * (the rollout record names it; --history-table or $CDK_MLOPS_ROLLOUT_HISTORY_TABLE override).
 */
import { Command } from 'commander';
import { exitCodesHelp } from '../../help';
import { EXIT, UsageError } from '../../io';
import { wholeNumber } from '../../parsers';
import type { CliContext } from '../../program';
import { formatHistory } from '../../history-view';
import { notFound, NOT_FOUND_FIX } from './not-found';
import { nowSeconds, RolloutOptions, rolloutTarget, withRolloutOptions } from './options';

interface HistoryOptions extends RolloutOptions {
  readonly limit: number;
  readonly historyTable?: string;
}

/** DynamoDB returns at most 1 MB per Query page; more rollouts than this are paged, not refused. */
const MAX_LIMIT = 1000;

export function registerHistory(rollout: Command, ctx: CliContext): void {
  withRolloutOptions(rollout.command('history')
    .description('list the endpoint\'s rollouts, newest first: start, strategy, candidate, outcome, duration, reason')
    .argument('<endpoint>', 'SageMaker endpoint name'))
    .option('--limit <n>', `how many rollouts to list (at most ${MAX_LIMIT})`, wholeNumber(1), 20)
    .option('--history-table <name>', 'rollout history table (default: $CDK_MLOPS_ROLLOUT_HISTORY_TABLE, else the one ' +
      'the endpoint\'s rollout record names)')
    .addHelpText('after', exitCodesHelp(['OK', 'USAGE', 'NOT_FOUND', 'AWS_ERROR'], 'rollouts listed') +
      '\nExample: cdk-mlops rollout history my-endpoint --limit 5 --json')
    .action(async (endpointName: string, opts: HistoryOptions) => {
      if (opts.limit > MAX_LIMIT) throw new UsageError(`--limit ${opts.limit} is above ${MAX_LIMIT}`, `pass --limit ${MAX_LIMIT} or less`);
      const { table, aws } = await rolloutTarget(opts, ctx);
      let historyTable = opts.historyTable ?? ctx.io.env.CDK_MLOPS_ROLLOUT_HISTORY_TABLE;
      if (!historyTable) {
        const rec = await aws.getRecord(endpointName);
        if (!rec) return notFound(`no rollout recorded for endpoint ${endpointName} in table ${table}`, NOT_FOUND_FIX(endpointName));
        historyTable = rec.historyTable;
      }
      if (!historyTable) {
        throw new UsageError(`the rollout record of ${endpointName} names no history table (it was started by an older version)`,
          'pass --history-table <name> or set CDK_MLOPS_ROLLOUT_HISTORY_TABLE (the stack output RolloutHistoryTable)');
      }
      if (!aws.readHistory) throw new Error('this AWS access cannot read the history table');
      const rows = await aws.readHistory(historyTable, endpointName, opts.limit);
      if (rows.length === 0) {
        return notFound(`no rollouts recorded for endpoint ${endpointName} in table ${historyTable}`, 'check the endpoint ' +
          'name, and that --history-table and --region are the stack\'s RolloutHistoryTable output and region');
      }
      ctx.io.out(opts.json ? JSON.stringify({ endpointName, historyTable, rollouts: rows }, null, 2) + '\n'
        : formatHistory(endpointName, rows, nowSeconds(ctx)));
      ctx.exitCode = EXIT.OK;
    });
}
